"""The feedback loop on the hub: citizens' requests, the 回音壁, 评议, 监督直通车, reminders and limits."""
