"""The central hub: the staff console, the device and admin APIs, and the phone pages behind
the kiosk's QR codes; its sub-packages are laid out in docs/architecture.md."""
