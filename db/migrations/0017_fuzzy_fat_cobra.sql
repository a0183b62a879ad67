ALTER TABLE `settings` ADD `website_url` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `support_url` text;