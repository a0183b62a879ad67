ALTER TABLE `settings` ADD `phone_country` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `email_from_name` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `email_from_address` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `email_reply_to` text;