CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`cause` text NOT NULL,
	`subscriber_id` text NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`incident_id` text,
	`update_id` text,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`batch_id` text,
	`lease_until` integer,
	`lease_owner` text,
	`provider` text,
	`provider_message_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_cause_subscriber_idx` ON `deliveries` (`cause`,`subscriber_id`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_batch_idx` ON `deliveries` (`batch_id`);--> statement-breakpoint
CREATE INDEX `deliveries_update_idx` ON `deliveries` (`update_id`,`state`);--> statement-breakpoint
CREATE INDEX `deliveries_provider_message_idx` ON `deliveries` (`provider_message_id`);--> statement-breakpoint
CREATE TABLE `notification_jobs` (
	`event_seq` integer PRIMARY KEY NOT NULL,
	`last_subscriber_id` text,
	`done` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `installation_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriber_components` (
	`subscriber_id` text NOT NULL,
	`component_id` text NOT NULL,
	PRIMARY KEY(`subscriber_id`, `component_id`),
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriber_components_component_idx` ON `subscriber_components` (`component_id`);--> statement-breakpoint
CREATE TABLE `subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`locale` text NOT NULL,
	`state` text NOT NULL,
	`token_version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	`suppressed_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_channel_address_idx` ON `subscribers` (`channel`,`address`);--> statement-breakpoint
CREATE INDEX `subscribers_state_idx` ON `subscribers` (`state`,`id`);