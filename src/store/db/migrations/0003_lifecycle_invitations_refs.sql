CREATE TABLE "email_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"test_mode" boolean NOT NULL,
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_error" text,
	"sent_at_ms" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "runs_live_pin_idx";--> statement-breakpoint
ALTER TABLE "interview_runs" ADD COLUMN "invited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "interview_runs" ADD COLUMN "email_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "interview_runs" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "interview_runs" ADD COLUMN "external_refs" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "email_outbox_run_idx" ON "email_outbox" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "runs_external_refs_idx" ON "interview_runs" USING gin ("external_refs");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_live_pin_idx" ON "interview_runs" USING btree ("dial_in_pin") WHERE dial_in_pin is not null and deleted_at is null and status in ('scheduled', 'awaiting_participant', 'invited', 'awaiting_consent', 'active', 'abandoned');