-- PowerJob's job fields its clients send and read back (saveJob / fetchJob); JSON ones are stored as sent.
ALTER TABLE job_info ADD COLUMN processor_type INTEGER NOT NULL DEFAULT 1;
ALTER TABLE job_info ADD COLUMN tag TEXT;
ALTER TABLE job_info ADD COLUMN extra TEXT;
ALTER TABLE job_info ADD COLUMN log_config TEXT;
ALTER TABLE job_info ADD COLUMN advanced_runtime_config TEXT;
ALTER TABLE job_info ADD COLUMN dispatch_strategy_config TEXT;
ALTER TABLE job_info ADD COLUMN notify_user_ids TEXT;
ALTER TABLE job_info ADD COLUMN life_cycle TEXT;
ALTER TABLE job_info ADD COLUMN alarm_config TEXT;
ALTER TABLE job_info ADD COLUMN min_cpu_cores DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE job_info ADD COLUMN min_memory_space DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE job_info ADD COLUMN min_disk_space DOUBLE PRECISION NOT NULL DEFAULT 0;
