"""The web console for staff (Chinese): one router module per page group, templates in hub/templates."""
