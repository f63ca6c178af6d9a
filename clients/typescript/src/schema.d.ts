/**
 * Verdict's API document as TypeScript types, made by openapi-typescript.
 * Do not edit: `npm run client:generate` writes it again from GET /docs/json.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 while the process runs */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the broker (Redis, or the queues' Postgres) and Postgres answer, else 503 (503 too once the process is stopping) */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: queue depths, intake and decisions, latencies, event-loop lag */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/companies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a company (operator)
         * @description Starts with the default settings, version 1 of the default condition set and a master key.
         */
        post: operations["createCompany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the company's live keys (never the keys themselves) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a key; it stops working at once
         * @description API processes keep keys in memory and drop one when Postgres announces its change. The answer comes once the deletion is committed and Postgres has announced it to the API processes (a few milliseconds; the answer waits a second at most). A company keeps at least one master key or master user: deleting the last of them answers 409 (code LAST_MASTER).
         */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to the console
         * @description Sets the `verdict_session` cookie: it ends after 12 hours, or 30 minutes without a request. A wrong email or password answers 401 INVALID_CREDENTIALS whether or not the email exists; a user enrolled in two-factor needs `code` (401 TWO_FACTOR_REQUIRED without it, TWO_FACTOR_INVALID when wrong). Five failures for one email within 15 minutes answer 429 LOCKED_OUT, with Retry-After, for 15 minutes.
         */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out of the console
         * @description Ends the sign-in of the cookie (it needs the x-csrf-token header, as every write with it).
         */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: a signed-in user, a key or the operator */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/two-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start two-factor enrolment
         * @description Answers a new TOTP secret (RFC 6238: 6 digits, 30 s) and its otpauth:// URL for an authenticator app (show it as a QR code). Nothing changes until POST /v1/me/two-factor/confirm with a code made with it.
         */
        post: operations["startTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/two-factor/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm two-factor enrolment with a code
         * @description From then on, signing in needs a code. A wrong code answers 400 TWO_FACTOR_INVALID.
         */
        post: operations["confirmTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the company's users */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user of the console
         * @description The password (12 characters or more) is stored as an argon2id hash. An email is unique across Verdict: another user's answers 409.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user's role, or deactivate or reactivate them
         * @description A deactivated user's sign-ins end at once. A master can neither deactivate nor demote themself (409 SELF_CHANGE), and a company keeps a master key or user (409 LAST_MASTER).
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's settings */
        get: operations["getSettings"];
        /**
         * Change settings
         * @description Each top-level section given replaces that section whole; sections left out stay as they are. Answers the settings now in force, once Postgres has announced the change to the API processes, which keep settings in memory (a few milliseconds; the answer waits a second at most): sessions submitted after the answer are checked against them.
         */
        put: operations["putSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's current condition set */
        get: operations["getRules"];
        /**
         * Save a new version of the condition set
         * @description json-rules-engine rules whose event is { type: reject | review, params: { reason, message? } }. Operators: equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain. A path follows names and indexes only ($.a.b[0]). At most 200 rules, 2,000 conditions in all, value lists of 1,000 items and 256 KiB of JSON. Invalid rules answer 400 (code INVALID_RULES) and change nothing. `warnings` names, without refusing, a fact no session has (UNKNOWN_FACT, with the nearest known name), a rule that fires on every session (ALWAYS_FIRES) and an empty set (NO_RULES). With `security.rulesNeedApproval`, 202: the version is `proposed` and decides nothing until another master approves it.
         */
        put: operations["putRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/versions/{version}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a proposed version: it becomes the live condition set
         * @description By another master than its proposer (403 SELF_APPROVAL). 409 NOT_PROPOSED for a version that is not proposed (active, superseded, declined).
         */
        post: operations["approveRuleVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/versions/{version}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline a proposed version
         * @description By another master than its proposer (403 SELF_APPROVAL). 409 NOT_PROPOSED for a version that is not proposed (active, superseded, declined).
         */
        post: operations["declineRuleVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions of the condition set, newest first, without their rules */
        get: operations["listRuleVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of the condition set, with its rules */
        get: operations["getRuleVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/simulations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a draft condition set on the company's past sessions
         * @description Evaluates the draft on the sessions submitted in [from, to] (default: the last 30 days), newest first, up to `limit` (default and most 1,000,000), each with its facts as of its own submission time and the company's current settings, and compares with the outcome the engine gave it then (before any person resolved it). Liquidated sessions are skipped and counted. Runs as a job: poll GET /v1/rules/simulations/:id. A company runs two at once; more wait. Changes nothing.
         */
        post: operations["createSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/simulations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A simulation's progress, then its result */
        get: operations["getSimulation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/shadow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shadow set and what it would have decided */
        get: operations["getShadowRules"];
        /**
         * Run a second condition set in the shadow of the live one
         * @description From now (until `until`, if given) every session decided is also evaluated by these rules, and what they would have decided is counted, without acting on it: no session changes, no webhook fires. A new shadow set replaces the one before and counts from zero.
         */
        put: operations["putShadowRules"];
        post?: never;
        /** End the shadow set */
        delete: operations["deleteShadowRules"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sessions, newest first */
        get: operations["listSessions"];
        put?: never;
        /**
         * Submit a session
         * @description Stored durably before the answer, then decided by the company's condition set. The same externalId with the same data answers the existing session with 200; with other data, 409. Data over 64 KiB of JSON, nested over 10 deep or holding an array of over 1,000 items answers 400 DATA_TOO_LARGE.
         */
        post: operations["submitSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit up to 1000 sessions
         * @description Each entry is accepted or rejected on its own: `rejected` names the index, a code (VALIDATION_ERROR, DATA_TOO_LARGE, CONFLICT) and what is wrong. An entry repeating an existing session with the same data is accepted with that session's id.
         */
        post: operations["submitSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One session with its decision and history */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/awaiting-action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Parked sessions, oldest first; `overdue` past the SLA
         * @description `reason` keeps those parked with that reason, `claimed=false` those no one holds (`true`: those someone holds), `overdue=true` those past the SLA, `q` as in sessions.
         */
        get: operations["listAwaitingAction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/awaiting-action/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim and open the oldest parked session no one holds
         * @description With `reason`, the oldest parked with that reason. Reviewers asking at once never get the same session; a session whose pending proposal is the caller's own is not handed to them. 204 when there is none.
         */
        post: operations["claimNextSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/awaiting-action/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many sessions wait */
        get: operations["countAwaitingAction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/awaiting-action/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve up to 500 sessions alike
         * @description Each id answers 200 (resolved), 202 (the company's four-eyes rule asks for a second person: a proposal now waits), 404 (unknown) or 409 (not awaiting action, claimed by another, or a proposal pending).
         */
        post: operations["resolveSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim a parked session for 15 minutes (claiming again extends it) */
        post: operations["claimSession"];
        /** Release your claim (a master may release anyone's) */
        delete: operations["releaseClaim"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide a parked session
         * @description 200 with the decided session. Where the company's four-eyes rule (`review.fourEyes`) covers the outcome and the session's reasons, 202: the session stays awaiting action with a `proposal` that another person approves or declines. 409 when it is not awaiting action (NOT_AWAITING_ACTION), another holds the claim (CLAIMED) or a proposal is pending (PROPOSAL_PENDING). Of racing resolutions exactly one wins.
         */
        post: operations["resolveSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/proposal/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a four-eyes proposal: it becomes the decision
         * @description By another person than the proposer (403 SELF_APPROVAL for the proposer, whatever they hold). `decision.decidedBy` names the proposer, `decision.approvedBy` the approver. 409 NO_PROPOSAL when none is pending (declined, approved already). Of racing approvals and declines exactly one wins.
         */
        post: operations["approveProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/proposal/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline (or, as its proposer, withdraw) a four-eyes proposal
         * @description The session stays awaiting action; the proposal and the note go to its history.
         */
        post: operations["declineProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/request-resubmission": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the customer to try again
         * @description A parked session becomes `resubmission_requested` (final for this attempt) and a `session.resubmission_requested` webhook is sent. The integrator's next submission of the same externalId with new data is accepted as attempt n + 1, linked both ways (`previousAttemptId`, `nextAttemptId`). `reason` is one of GET /v1/rejection-reasons.
         */
        post: operations["requestResubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a note to a session's history */
        post: operations["addNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rejections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rejected sessions, newest first */
        get: operations["listRejections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rejection-reasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reasons a reviewer may reject with, and their groups */
        get: operations["listRejectionReasons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export a session list as CSV
         * @description Queues the export; poll GET /v1/exports/:id, then download GET /v1/exports/:id/file. The rows are the sessions matching when the export starts. At most 3 exports of a company run at once: one more answers 429 (TOO_MANY_EXPORTS).
         */
        post: operations["createExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An export's status and progress */
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a completed export
         * @description RFC 4180 CSV in UTF-8 (with a byte order mark): a header row, then a row a session. Text cells that a spreadsheet could read as a formula start with '. 409 EXPORT_NOT_READY until the export is completed (EXPORT_FAILED when it failed), 410 EXPORT_EXPIRED once its file was deleted.
         */
        get: operations["downloadExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/liquidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a final session's personal data for good
         * @description data becomes null and liquidatedAt is set; status, decision and history stay. 409 unless final.
         */
        post: operations["liquidateSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/media/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bytes of one of a session's images or documents
         * @description Served with its `Content-Type`, `Cache-Control: private, no-store`, `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that runs nothing. Each view is in the activity log (`media.viewed`).
         */
        get: operations["downloadMedia"];
        /**
         * Upload one of a session's images or documents
         * @description The body is the file's bytes, with `Content-Type` `image/jpeg`, `image/png`, `image/webp`, `application/pdf`. The bytes must be a whole file of that type by their signature: else 415 MEDIA_TYPE_MISMATCH (another type), 400 MEDIA_INCOMPLETE (truncated) or 400 MEDIA_EMPTY. Over `VERDICT_MEDIA_LIMIT_BYTES` (default 10 MiB): 413 MEDIA_TOO_LARGE. Evidence is never replaced: the same bytes again answer 200 with the stored entry, other bytes for a kind already stored 409 MEDIA_EXISTS; a liquidated session answers 409 SESSION_LIQUIDATED. While the file store cannot be reached: 503 UNAVAILABLE, and the upload can be sent again.
         */
        put: operations["uploadMedia"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A session's images and documents
         * @description The same entries as the session's `media`, in kind order.
         */
        get: operations["listMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The session as a PDF for the compliance file
         * @description The company, the session's ids and times, each check with its value, the person's data and extra fields, the decision with its reasons and who made it, the history and notes, and the JPEG and PNG images scaled to fit (WebP images and PDFs are listed). A liquidated session's report says so and holds no personal data. Each download is in the activity log (`report.downloaded`).
         */
        get: operations["downloadReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's activity log, newest first */
        get: operations["listActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts, days, top reasons, decision latency and reviewers over a range (default: the last 30 days); the queue's age */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook deliveries, newest first */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery, its payload and every attempt */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (same webhook-id, a fresh retry window) */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a new signing secret (shown once); the previous one keeps signing for 24 hours */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events for the caller's company
         * @description `awaiting_action.count` ({ count }) whenever the count changes, and `session.updated` ({ id, externalId, status }) for each status change. The stream opens with the current count. Reconnect with Last-Event-ID to receive what was missed (the last 1000 events are kept). A comment line every 15 s keeps idle connections open. One key holds at most 20 open streams (429 TOO_MANY_STREAMS beyond); a stream whose client does not read fast enough is ended, and the client reconnects with Last-Event-ID.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            statusCode: number;
            error: string;
            /** @description stable, machine-readable */
            code: string;
            /** @description what is wrong, naming the field */
            message: string;
        };
        Actor: {
            /** @description user (signed in to the console), key (a company API key), engine, sla, operator or system */
            type: string;
            /** @description the key's or user's id */
            id?: string;
            /** @description as it was then, e.g. "Nino (agent key)" */
            name?: string;
        };
        /** @description a person who signs in to the console */
        User: {
            id: string;
            email: string;
            name: string;
            role: "agent" | "master";
            /** @description a deactivated user cannot sign in, and their sign-ins ended */
            active: boolean;
            /** @description whether the user has enrolled in two-factor sign-in */
            twoFactor: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        SessionInput: {
            externalId: string;
            data: {
                documentType?: string;
                liveness?: {
                    passed?: boolean;
                    score?: number;
                };
                faceMatch?: {
                    matchLevel?: number;
                    confidence?: number;
                };
                document?: {
                    valid?: boolean;
                    mrzValid?: boolean;
                    /** Format: date */
                    expiryDate?: string;
                };
                person?: {
                    firstName?: string;
                    lastName?: string;
                    /** Format: date */
                    birthDate?: string;
                    /** @description ISO 3166-1 alpha-2, upper case */
                    nationality?: string;
                    documentNumber?: string;
                    personalNumber?: string;
                };
                ip?: {
                    address?: string;
                    /** @description ISO 3166-1 alpha-2, upper case */
                    country?: string;
                };
                extra?: {
                    [key: string]: string | number | boolean | null;
                };
            } & {
                [key: string]: unknown;
            };
        };
        Decision: {
            /** @description success, rejected or awaiting_action */
            outcome: string;
            /** @description the reason of every rule that fired, in rule order */
            reasons: string[];
            ruleSetVersion: number | null;
            decidedBy: {
                type: "engine" | "user" | "key" | "sla";
                /** @description the user or key that decided, for a person */
                id?: string;
                /** @description as it was then, e.g. "Nino (agent key)" */
                name?: string;
            };
            /** Format: date-time */
            decidedAt: string;
            note?: string;
            approvedBy?: components["schemas"]["Actor"];
        };
        Claim: {
            by: components["schemas"]["Actor"];
            /** Format: date-time */
            expiresAt: string;
        };
        /** @description a four-eyes proposal waiting for a second person's approval */
        Proposal: {
            outcome: "success" | "rejected";
            reason: string | null;
            note: string | null;
            by: components["schemas"]["Actor"];
            /** Format: date-time */
            at: string;
            /** @description from the proposer's claim (or the parking) to the proposal */
            handlingMs: number;
        };
        MediaEntry: {
            /** @description which evidence: the selfie, the document's front or back, a proof of address, other */
            kind: "selfie" | "document_front" | "document_back" | "proof_of_address" | "other";
            /** @description image/jpeg, image/png, image/webp or application/pdf, by the file's bytes */
            contentType: string;
            bytes: number;
            /** @description hex SHA-256 of the bytes */
            sha256: string;
            /** Format: date-time */
            createdAt: string;
        };
        Session: {
            id: string;
            externalId: string;
            status: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
            data: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            createdAt: string;
            liquidatedAt: string | null;
            decision: components["schemas"]["Decision"] | null;
            claim: components["schemas"]["Claim"] | null;
            proposal: components["schemas"]["Proposal"] | null;
            /** @description 1 for a first submission, n + 1 for a resubmission */
            attempt: number;
            previousAttemptId: string | null;
            nextAttemptId: string | null;
            /** @description parked longer than the SLA (awaiting-action lists) */
            overdue?: boolean;
            /** @description the session's evidence (images, documents), one entry a kind; empty once liquidated */
            media: components["schemas"]["MediaEntry"][];
        };
        HistoryEntry: {
            /** Format: date-time */
            at: string;
            /** @description submitted, decided, claimed, released, note, proposed, proposal_declined, proposal_lapsed, resolved, liquidated */
            type: string;
            actor: components["schemas"]["Actor"];
            details: {
                [key: string]: unknown;
            };
        };
        SessionWithHistory: {
            id: string;
            externalId: string;
            status: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
            data: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            createdAt: string;
            liquidatedAt: string | null;
            decision: components["schemas"]["Decision"] | null;
            claim: components["schemas"]["Claim"] | null;
            proposal: components["schemas"]["Proposal"] | null;
            /** @description 1 for a first submission, n + 1 for a resubmission */
            attempt: number;
            previousAttemptId: string | null;
            nextAttemptId: string | null;
            /** @description parked longer than the SLA (awaiting-action lists) */
            overdue?: boolean;
            /** @description the session's evidence (images, documents), one entry a kind; empty once liquidated */
            media: components["schemas"]["MediaEntry"][];
            history: components["schemas"]["HistoryEntry"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: "ready" | "unavailable";
                        /** @description whether the broker answers: Redis, or, without REDIS_URL, the queues' Postgres */
                        redis: boolean;
                        postgres: boolean;
                        /** @description true once the process is shutting down */
                        stopping?: boolean;
                    };
                };
            };
            /** @description Verdict cannot answer now (stopping, overloaded, a store unreachable): retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: "ready" | "unavailable";
                        /** @description whether the broker answers: Redis, or, without REDIS_URL, the queues' Postgres */
                        redis: boolean;
                        postgres: boolean;
                        /** @description true once the process is shutting down */
                        stopping?: boolean;
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    createCompany: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** @description shown this once */
                        masterKey: string;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            name: string;
                            role: "integrator" | "agent" | "master";
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    role: "integrator" | "agent" | "master";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        role: "integrator" | "agent" | "master";
                        /** Format: date-time */
                        createdAt: string;
                        /** @description shown this once */
                        key: string;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                    /** @description the 6-digit TOTP code */
                    code?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["User"];
                        /** @description send it as the x-csrf-token header of every write made with the cookie */
                        csrfToken: string;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: retry after the `Retry-After` header's seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        type: "user" | "key" | "operator";
                        id: string | null;
                        name: string;
                        /** @description integrator, agent or master; operator for the operator */
                        role: string;
                        companyId: string | null;
                        /** @description send it as the x-csrf-token header of every write made with the cookie */
                        csrfToken?: string;
                        /** @description the user must enrol in two-factor before anything else */
                        twoFactorEnrolmentRequired?: boolean;
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        otpauthUrl: string;
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    confirmTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the 6-digit TOTP code */
                    code: string;
                };
            };
        };
        responses: {
            /** @description a person who signs in to the console */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    role: "agent" | "master";
                    password: string;
                };
            };
        };
        responses: {
            /** @description a person who signs in to the console */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    role?: "agent" | "master";
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description a person who signs in to the console */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        awaitingAction: {
                            enabled: boolean;
                            slaHours: number;
                            onExpiry: "keep" | "reject";
                        };
                        highRiskCountries: string[];
                        extraFields: {
                            name: string;
                            type: "number" | "string" | "boolean";
                            /** @description default false */
                            required?: boolean;
                        }[];
                        retention: {
                            liquidateAfterDays: null | number;
                        };
                        webhook: null | {
                            url: string;
                            enabled: boolean;
                            /** @description the signing secret (whsec_…), shown only in the answer that first sets a webhook */
                            secret?: string;
                            /** Format: date-time */
                            disabledAt?: string;
                            /** @description why Verdict switched the webhook off */
                            disabledReason?: string;
                        };
                        review: {
                            fourEyes: null | {
                                /** @description the outcomes a second person must approve */
                                outcomes: ("success" | "rejected")[];
                                /** @description only sessions carrying one of these reasons; empty: every session */
                                reasons: string[];
                            };
                        };
                        security: {
                            requireTwoFactor: "none" | "masters" | "all";
                            rulesNeedApproval: boolean;
                        };
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    awaitingAction?: {
                        enabled: boolean;
                        slaHours: number;
                        onExpiry: "keep" | "reject";
                    };
                    highRiskCountries?: string[];
                    extraFields?: {
                        name: string;
                        type: "number" | "string" | "boolean";
                        /** @description default false */
                        required?: boolean;
                    }[];
                    retention?: {
                        liquidateAfterDays: null | number;
                    };
                    webhook?: null | {
                        /** Format: uri */
                        url: string;
                        /** @description default true */
                        enabled?: boolean;
                    };
                    review?: {
                        fourEyes: null | {
                            /** @description the outcomes a second person must approve */
                            outcomes: ("success" | "rejected")[];
                            /** @description only sessions carrying one of these reasons; empty: every session */
                            reasons: string[];
                        };
                    };
                    security?: {
                        requireTwoFactor: "none" | "masters" | "all";
                        rulesNeedApproval: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        awaitingAction: {
                            enabled: boolean;
                            slaHours: number;
                            onExpiry: "keep" | "reject";
                        };
                        highRiskCountries: string[];
                        extraFields: {
                            name: string;
                            type: "number" | "string" | "boolean";
                            /** @description default false */
                            required?: boolean;
                        }[];
                        retention: {
                            liquidateAfterDays: null | number;
                        };
                        webhook: null | {
                            url: string;
                            enabled: boolean;
                            /** @description the signing secret (whsec_…), shown only in the answer that first sets a webhook */
                            secret?: string;
                            /** Format: date-time */
                            disabledAt?: string;
                            /** @description why Verdict switched the webhook off */
                            disabledReason?: string;
                        };
                        review: {
                            fourEyes: null | {
                                /** @description the outcomes a second person must approve */
                                outcomes: ("success" | "rejected")[];
                                /** @description only sessions carrying one of these reasons; empty: every session */
                                reasons: string[];
                            };
                        };
                        security: {
                            requireTwoFactor: "none" | "masters" | "all";
                            rulesNeedApproval: boolean;
                        };
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        rules: ({
                            /** @description all / any / not, as json-rules-engine */
                            conditions: {
                                [key: string]: unknown;
                            };
                            event: {
                                type: "reject" | "review";
                                params: {
                                    reason: string;
                                    message?: string;
                                };
                            };
                            name?: string;
                            priority?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description validated by Verdict's rule checker */
                    rules: unknown[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        rules: ({
                            /** @description all / any / not, as json-rules-engine */
                            conditions: {
                                [key: string]: unknown;
                            };
                            event: {
                                type: "reject" | "review";
                                params: {
                                    reason: string;
                                    message?: string;
                                };
                            };
                            name?: string;
                            priority?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date-time */
                        createdAt: string;
                        /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                        status: "proposed" | "active" | "superseded" | "declined";
                        /** @description what the set may do that was not meant, named without refusing it */
                        warnings: {
                            /** @description where, such as rules[2].conditions.all[0].fact */
                            path: string;
                            code: "UNKNOWN_FACT" | "ALWAYS_FIRES" | "NO_RULES";
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        rules: ({
                            /** @description all / any / not, as json-rules-engine */
                            conditions: {
                                [key: string]: unknown;
                            };
                            event: {
                                type: "reject" | "review";
                                params: {
                                    reason: string;
                                    message?: string;
                                };
                            };
                            name?: string;
                            priority?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** Format: date-time */
                        createdAt: string;
                        /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                        status: "proposed" | "active" | "superseded" | "declined";
                        /** @description what the set may do that was not meant, named without refusing it */
                        warnings: {
                            /** @description where, such as rules[2].conditions.all[0].fact */
                            path: string;
                            code: "UNKNOWN_FACT" | "ALWAYS_FIRES" | "NO_RULES";
                            message: string;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    approveRuleVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: components["schemas"]["Actor"];
                        rulesCount: number;
                        /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                        status: "proposed" | "active" | "superseded" | "declined";
                        decidedBy: components["schemas"]["Actor"] | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    declineRuleVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: components["schemas"]["Actor"];
                        rulesCount: number;
                        /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                        status: "proposed" | "active" | "superseded" | "declined";
                        decidedBy: components["schemas"]["Actor"] | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRuleVersions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: components["schemas"]["Actor"];
                            rulesCount: number;
                            /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                            status: "proposed" | "active" | "superseded" | "declined";
                            decidedBy: components["schemas"]["Actor"] | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRuleVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: components["schemas"]["Actor"];
                        rulesCount: number;
                        /** @description active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined */
                        status: "proposed" | "active" | "superseded" | "declined";
                        decidedBy: components["schemas"]["Actor"] | null;
                        rules: ({
                            /** @description all / any / not, as json-rules-engine */
                            conditions: {
                                [key: string]: unknown;
                            };
                            event: {
                                type: "reject" | "review";
                                params: {
                                    reason: string;
                                    message?: string;
                                };
                            };
                            name?: string;
                            priority?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a condition set, checked as PUT /v1/rules checks it (400 INVALID_RULES with the same messages) */
                    rules: unknown[];
                    /** @description a date (YYYY-MM-DD) or an ISO date-time */
                    from?: string;
                    /** @description inclusive; a date includes that whole day */
                    to?: string;
                    limit?: number;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "queued";
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: "queued" | "running" | "completed" | "failed";
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                        limit: number;
                        progress: {
                            done: number;
                            total: number;
                        };
                        result?: {
                            /** @description sessions compared */
                            sessions: number;
                            skippedLiquidated: number;
                            /** @description not decided yet: no outcome of the engine's to compare with */
                            skippedPending: number;
                            current: {
                                success: number;
                                rejected: number;
                                awaiting_action: number;
                            };
                            simulated: {
                                success: number;
                                rejected: number;
                                awaiting_action: number;
                            };
                            transitions: {
                                from: "success" | "rejected" | "awaiting_action";
                                to: "success" | "rejected" | "awaiting_action";
                                count: number;
                            }[];
                            reasons: {
                                reason: string;
                                current: number;
                                simulated: number;
                            }[];
                            /** @description up to 20 for each transition between different outcomes */
                            samples: {
                                id: string;
                                externalId: string;
                                from: "success" | "rejected" | "awaiting_action";
                                to: "success" | "rejected" | "awaiting_action";
                                reasons: string[];
                            }[];
                        };
                        error?: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getShadowRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rules: unknown[];
                        /** Format: date-time */
                        since: string;
                        until: string | null;
                        /** @description sessions the shadow set was evaluated on */
                        sessions: number;
                        /** @description by the live outcome (from) and the shadow one (to) */
                        transitions: {
                            from: "success" | "rejected" | "awaiting_action";
                            to: "success" | "rejected" | "awaiting_action";
                            count: number;
                        }[];
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putShadowRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a condition set, checked as PUT /v1/rules checks it (400 INVALID_RULES with the same messages) */
                    rules: unknown[];
                    /** Format: date-time */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rules: unknown[];
                        /** Format: date-time */
                        since: string;
                        until: string | null;
                        /** @description sessions the shadow set was evaluated on */
                        sessions: number;
                        /** @description by the live outcome (from) and the shadow one (to) */
                        transitions: {
                            from: "success" | "rejected" | "awaiting_action";
                            to: "success" | "rejected" | "awaiting_action";
                            count: number;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteShadowRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: {
                status?: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
                /** @description text within externalId, first or last name, document or personal number */
                q?: string;
                /** @description created at or after: a date (YYYY-MM-DD) or an ISO date-time */
                from?: string;
                /** @description created before; a date includes that whole day: a date (YYYY-MM-DD) or an ISO date-time */
                to?: string;
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Session"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "externalId": "order-1042",
                 *       "data": {
                 *         "documentType": "PASSPORT",
                 *         "liveness": {
                 *           "passed": true,
                 *           "score": 0.97
                 *         },
                 *         "faceMatch": {
                 *           "matchLevel": 5,
                 *           "confidence": 91
                 *         },
                 *         "document": {
                 *           "valid": true,
                 *           "mrzValid": true,
                 *           "expiryDate": "2031-04-01"
                 *         },
                 *         "person": {
                 *           "firstName": "Nino",
                 *           "lastName": "Beridze",
                 *           "birthDate": "1990-05-05",
                 *           "nationality": "GE",
                 *           "documentNumber": "13AB45678",
                 *           "personalNumber": "01001012345"
                 *         },
                 *         "ip": {
                 *           "address": "203.0.113.7",
                 *           "country": "GE"
                 *         },
                 *         "extra": {
                 *           "orderTotal": 120.5
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["SessionInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        externalId: string;
                        status: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
                    };
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        externalId: string;
                        status: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over the limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    sessions: unknown[];
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: {
                            index: number;
                            id: string;
                            externalId: string;
                        }[];
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over the limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAwaitingAction: {
        parameters: {
            query?: {
                /** @description parked with this reason */
                reason?: string;
                claimed?: boolean;
                /** @description true: only those past the SLA */
                overdue?: boolean;
                /** @description text within externalId, first or last name, document or personal number */
                q?: string;
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Session"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    claimNextSession: {
        parameters: {
            query?: {
                /** @description parked with this reason */
                reason?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description no parked session is free */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    countAwaitingAction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: string[];
                    outcome: "success" | "rejected";
                    /** @description a code of GET /v1/rejection-reasons; required to reject, refused to accept */
                    reason?: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            id: string;
                            status: 200 | 202 | 404 | 409;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    claimSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        claim: components["schemas"]["Claim"];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    releaseClaim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description released, or there was no claim */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    outcome: "success" | "rejected";
                    /** @description a code of GET /v1/rejection-reasons; required to reject, refused to accept */
                    reason?: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    approveProposal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    declineProposal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        /** @description optional: no body declines without a note */
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    requestResubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a code of GET /v1/rejection-reasons; required to reject, refused to accept */
                    reason: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addNote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        at: string;
                        text: string;
                        by: components["schemas"]["Actor"];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRejections: {
        parameters: {
            query?: {
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Session"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRejectionReasons: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            code: string;
                            group: string;
                        }[];
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createExport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description awaiting_action (oldest first), sessions or rejections (newest first) */
                    list: "awaiting_action" | "sessions" | "rejections";
                    filter?: {
                        status?: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
                        /** @description text within externalId, first or last name, document or personal number */
                        q?: string;
                        /** @description created at or after: a date (YYYY-MM-DD) or an ISO date-time */
                        from?: string;
                        /** @description created before; a date includes that whole day: a date (YYYY-MM-DD) or an ISO date-time */
                        to?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "queued";
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: retry after the `Retry-After` header's seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the export's id */
                        id: string;
                        /** @description awaiting_action (oldest first), sessions or rejections (newest first) */
                        list: "awaiting_action" | "sessions" | "rejections";
                        /** @description the filter as applied: from/to as instants */
                        filter: {
                            status?: "pending" | "success" | "rejected" | "awaiting_action" | "resubmission_requested";
                            /** @description lower-cased; dropped once the export has run (it may name a person) */
                            q?: string;
                            /** Format: date-time */
                            from?: string;
                            /**
                             * Format: date-time
                             * @description exclusive
                             */
                            to?: string;
                        };
                        /** @description queued, running, completed (the file can be downloaded), failed (see error) or expired (the file was deleted) */
                        status: "queued" | "running" | "completed" | "failed" | "expired";
                        /** @description data rows written so far; all of them once completed */
                        rows: number;
                        /** Format: date-time */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description when the last try started
                         */
                        startedAt?: string;
                        /**
                         * Format: date-time
                         * @description when it completed or failed
                         */
                        finishedAt?: string;
                        /**
                         * Format: date-time
                         * @description when the finished file is deleted
                         */
                        expiresAt?: string;
                        /** @description why it failed */
                        error?: string;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the CSV file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liquidateSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionWithHistory"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
                /** @description which evidence: the selfie, the document's front or back, a proof of address, other */
                kind: "selfie" | "document_front" | "document_back" | "proof_of_address" | "other";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file's bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "application/pdf": string;
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Verdict cannot answer now (stopping, overloaded, a store unreachable): retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
                /** @description which evidence: the selfie, the document's front or back, a proof of address, other */
                kind: "selfie" | "document_front" | "document_back" | "proof_of_address" | "other";
            };
            cookie?: never;
        };
        /** @description the file's bytes */
        requestBody: {
            content: {
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
                "application/pdf": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaEntry"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaEntry"];
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request conflicts with the thing's state (`code` says which). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is over the limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body's `Content-Type` is not accepted here (`message` names the one to send). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Verdict cannot answer now (stopping, overloaded, a store unreachable): retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["MediaEntry"][];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Verdict cannot answer now (stopping, overloaded, a store unreachable): retry after `Retry-After`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listActivity: {
        parameters: {
            query?: {
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** Format: date-time */
                            at: string;
                            actor: {
                                /** @description user (signed in to the console), key (a company API key), engine, sla, operator or system */
                                type: string;
                                /** @description the key's or user's id */
                                id?: string;
                                /** @description as it was then, e.g. "Nino (agent key)" */
                                name?: string;
                            };
                            action: string;
                            target: string | null;
                            details: {
                                [key: string]: unknown;
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDashboard: {
        parameters: {
            query?: {
                /** @description a date or an ISO date-time */
                from?: string;
                /** @description exclusive; a date includes that whole day */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                        /** @description sessions submitted in the range, by status now */
                        counts: {
                            pending: number;
                            success: number;
                            rejected: number;
                            awaiting_action: number;
                            resubmission_requested: number;
                        };
                        byDay: {
                            day: string;
                            total: number;
                            pending: number;
                            success: number;
                            rejected: number;
                            awaiting_action: number;
                            resubmission_requested: number;
                        }[];
                        topReasons: {
                            reason: string;
                            count: number;
                        }[];
                        decisionLatencyMs: {
                            p50: number | null;
                            p95: number | null;
                        };
                        /** @description the queue now, whatever the range */
                        awaiting: {
                            oldestAgeMs: number | null;
                            /** @description parked longer than the SLA */
                            overdue: number;
                        };
                        /** @description each person's resolutions in the range, most first; handling: from their claim (or the parking, if they held none) to the resolution */
                        reviewers: {
                            id: string;
                            name: string | null;
                            resolved: number;
                            approved: number;
                            rejected: number;
                            medianHandlingMs: number | null;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description the nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** @description the webhook-id header, the same on every retry */
                            eventId: string;
                            /** @description session.decided, session.awaiting_action or session.resolved */
                            type: string;
                            sessionId: string;
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            lastStatusCode: number | null;
                            lastError: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            lastAttemptAt: string | null;
                            deliveredAt: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the webhook-id header, the same on every retry */
                        eventId: string;
                        /** @description session.decided, session.awaiting_action or session.resolved */
                        type: string;
                        sessionId: string;
                        status: "pending" | "delivered" | "failed";
                        attempts: number;
                        lastStatusCode: number | null;
                        lastError: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        lastAttemptAt: string | null;
                        deliveredAt: string | null;
                        /** @description the signed body: { type, timestamp, data: { session } } */
                        payload: unknown;
                        attemptLog: {
                            /** Format: date-time */
                            at: string;
                            statusCode: number | null;
                            error: string | null;
                            durationMs: number;
                        }[];
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a UUID */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "pending";
                    };
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        /** Format: date-time */
                        previousValidUntil: string;
                    };
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such thing in the caller's company (another company's ids answer this too). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: never;
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description The request is invalid: `code` says how, `message` names the field or value at fault. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid token: the `Authorization: Bearer` header is missing, malformed, unknown or deleted. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The token's role may not do this (`message` names the role needed). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: retry after the `Retry-After` header's seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
