"""The touchscreen kiosk: citizens browse the disclosures of the eight categories (四、主要内容)."""
