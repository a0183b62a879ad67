CREATE TABLE `backup_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`duration_ms` integer,
	`status` text NOT NULL,
	`file_name` text NOT NULL,
	`size_bytes` integer,
	`rows` integer,
	`with_secrets` integer NOT NULL,
	`error` text,
	`target_results` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `backup_runs_started_idx` ON `backup_runs` (`started_at`);