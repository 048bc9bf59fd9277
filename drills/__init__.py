"""Failover drills: break one container under a small load, restore it, check that nothing was lost."""
