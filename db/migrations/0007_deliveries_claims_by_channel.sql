DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_claim_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`state`,`channel`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_claim_idx` ON `deliveries` (`state`,`channel`,`batch_id`,`lease_until`);