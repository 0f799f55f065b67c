"""The unattended display: signage screens rotating the disclosures on show, 24/7."""
