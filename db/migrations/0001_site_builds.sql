CREATE TABLE `site_builds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`duration_ms` integer,
	`status` text NOT NULL,
	`outbox_seq` integer NOT NULL,
	`error` text,
	`publish_results` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `site_builds_started_idx` ON `site_builds` (`started_at`);--> statement-breakpoint
ALTER TABLE `settings` ADD `publish_targets` text DEFAULT '[]' NOT NULL;