"""The mobile pages behind the kiosk's QR codes (/m): no app, no login."""
