"""The disclosure workflow and its rules: orgs, catalogues, drafts, approvals, publication, attachments."""
