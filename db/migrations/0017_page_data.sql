ALTER TABLE `components` ADD `name_translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `components` ADD `description_translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `dependencies` ADD `shown_on_page` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `dependencies` ADD `description` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `website_url` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `support_url` text;