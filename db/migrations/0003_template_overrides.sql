CREATE TABLE `template_overrides` (
	`key` text NOT NULL,
	`locale` text NOT NULL,
	`part` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`key`, `locale`, `part`)
);
