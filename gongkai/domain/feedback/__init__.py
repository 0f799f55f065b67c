"""The feedback loop's rules (五(一)3, 五(二)2-3, 六.2, 六.5): citizens' requests and their deadlines,
the 回音壁, 评议, 举报, and what the public may send and see."""
