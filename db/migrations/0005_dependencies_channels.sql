CREATE TABLE `dependencies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`source_kind` text NOT NULL,
	`source` text NOT NULL,
	`poll_interval_seconds` integer DEFAULT 60 NOT NULL,
	`policy` text DEFAULT 'draft' NOT NULL,
	`confirmations` integer DEFAULT 2 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`state` text DEFAULT 'unknown' NOT NULL,
	`upstream_incidents` text DEFAULT '[]' NOT NULL,
	`candidate_state` text,
	`candidate_count` integer DEFAULT 0 NOT NULL,
	`etag` text,
	`last_modified` text,
	`content_hash` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`last_checked_at` integer,
	`last_changed_at` integer,
	`last_error` text,
	`next_check_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dependencies_due_idx` ON `dependencies` (`enabled`,`next_check_at`);--> statement-breakpoint
CREATE TABLE `dependency_impacts` (
	`dependency_id` text NOT NULL,
	`component_id` text NOT NULL,
	`on_state` text NOT NULL,
	`set_status` text NOT NULL,
	`criticality` text DEFAULT 'high' NOT NULL,
	`alternative_group` text,
	PRIMARY KEY(`dependency_id`, `component_id`, `on_state`),
	FOREIGN KEY (`dependency_id`) REFERENCES `dependencies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dependency_impacts_component_idx` ON `dependency_impacts` (`component_id`);--> statement-breakpoint
CREATE TABLE `dependency_incidents` (
	`incident_id` text PRIMARY KEY NOT NULL,
	`dependency_id` text NOT NULL,
	`applied_statuses` text DEFAULT '{}' NOT NULL,
	`recovered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dependency_id`) REFERENCES `dependencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dependency_incidents_dependency_idx` ON `dependency_incidents` (`dependency_id`,`recovered_at`);--> statement-breakpoint
CREATE TABLE `dependency_observations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dependency_id` text NOT NULL,
	`observed_at` integer NOT NULL,
	`state` text NOT NULL,
	`previous_state` text NOT NULL,
	`upstream_incidents` text NOT NULL,
	`error` text,
	FOREIGN KEY (`dependency_id`) REFERENCES `dependencies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dependency_observations_dependency_idx` ON `dependency_observations` (`dependency_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `oncall_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oncall_contacts_email_unique` ON `oncall_contacts` (`email`);--> statement-breakpoint
ALTER TABLE `settings` ADD `allow_private_targets` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_kinds` text DEFAULT '["incident-created","incident-resolved","maintenance-started"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `suppressed_at` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `verification_code_hash` text;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `verification_expires_at` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `verification_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `disabled_reason` text;