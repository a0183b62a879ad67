ALTER TABLE `dependencies` ADD `shown_on_page` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `dependencies` ADD `description` text;