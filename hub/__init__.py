"""The central hub: admin console, device API and (later) the phone pages behind QR codes."""
