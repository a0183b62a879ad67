ALTER TABLE `components` ADD `name_translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `components` ADD `description_translations` text DEFAULT '{}' NOT NULL;