-- An app's owner epoch: the app's entity takes a new one with a compare-and-set when it starts, and every fire claim
-- and instance write of that entity is conditional on it, so a stale entity (a partition, a slow shutdown) is fenced.
ALTER TABLE app_info ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0;
-- The due time of the job's last claimed fire: a schedule change or an enable computes the next fire after it, so a
-- claimed due time is never handed out again.
ALTER TABLE job_info ADD COLUMN last_fire_time INTEGER;
