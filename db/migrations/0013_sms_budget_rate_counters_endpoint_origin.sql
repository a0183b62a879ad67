CREATE TABLE `rate_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_ends_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_budget_per_hour` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_budget_per_day` integer DEFAULT 150 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_countries` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `added_by` text DEFAULT 'public' NOT NULL;