import { Link } from "wouter";
import { ErrorNote } from "../components/ErrorNote";
import { PageHeader } from "../components/PageHeader";
import { SettingsSection } from "../components/settings/SettingsSection";
import { type Settings, useSettings } from "../components/settings/useSettings";
import { WebhookDeliveries } from "../components/settings/WebhookDeliveries";

const list = (text: FormDataEntryValue | null) =>
  String(text ?? "")
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

type ExtraField = Settings["extraFields"][number];
const FIELD_TYPES = ["number", "string", "boolean"] as const;

/** `orderTotal number required`, one a line: the extra fields as a reviewer writes them. */
const writeExtraFields = (fields: ExtraField[]) =>
  fields.map((f) => `${f.name} ${f.type}${f.required ? " required" : ""}`).join("\n");
function readExtraFields(text: string): ExtraField[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0])
    .map(([name = "", type = "string", required]) => ({
      name,
      type: FIELD_TYPES.find((t) => t === type) ?? "string",
      required: required === "required",
    }));
}

/** The company's settings, a section a card; the condition set has its own page. */
export function SettingsPage() {
  const settings = useSettings();
  return (
    <>
      <PageHeader title="Settings">
        <Link href="/settings/condition-set" className="button-link">
          Condition set editor
        </Link>
      </PageHeader>
      <ErrorNote error={settings.error} />
      {settings.data && <SettingsForms settings={settings.data} />}
    </>
  );
}

function SettingsForms({ settings }: { settings: Settings }) {
  const fourEyes = settings.review.fourEyes;
  return (
    <div className="settings-grid">
      <SettingsSection
        title="Awaiting action and SLA"
        saveLabel="Save awaiting action"
        read={(form) => ({
          awaitingAction: {
            enabled: form.get("enabled") === "on",
            slaHours: Number(form.get("slaHours")),
            onExpiry: form.get("onExpiry") === "reject" ? "reject" : "keep",
          },
        })}
      >
        <label className="checkbox">
          <input type="checkbox" name="enabled" defaultChecked={settings.awaitingAction.enabled} /> Send
          sessions a review rule parks to a person (else they are rejected)
        </label>
        <label className="field">
          <span>SLA in hours</span>
          <input
            name="slaHours"
            type="number"
            min="0.01"
            step="any"
            required
            defaultValue={settings.awaitingAction.slaHours}
          />
        </label>
        <label className="field">
          <span>When the SLA runs out</span>
          <select name="onExpiry" defaultValue={settings.awaitingAction.onExpiry}>
            <option value="keep">keep it, flagged overdue</option>
            <option value="reject">reject it (SLA_EXPIRED)</option>
          </select>
        </label>
      </SettingsSection>

      <SettingsSection
        title="High-risk countries"
        saveLabel="Save countries"
        read={(form) => ({ highRiskCountries: list(form.get("countries")).map((c) => c.toUpperCase()) })}
      >
        <label className="field">
          <span>Countries (ISO codes)</span>
          <input name="countries" defaultValue={settings.highRiskCountries.join(", ")} placeholder="IR, KP" />
          <small className="muted">Two-letter codes, separated by commas.</small>
        </label>
      </SettingsSection>

      <SettingsSection
        title="Extra fields"
        saveLabel="Save extra fields"
        read={(form) => ({ extraFields: readExtraFields(String(form.get("extraFields") ?? "")) })}
      >
        <label className="field">
          <span>Fields, one a line</span>
          <textarea
            name="extraFields"
            rows={4}
            className="mono"
            defaultValue={writeExtraFields(settings.extraFields)}
            aria-describedby="extra-fields-help"
          />
          <small id="extra-fields-help" className="muted">
            A name, its type (number, string or boolean) and “required” if it must be there, e.g.{" "}
            <code>orderTotal number required</code>.
          </small>
        </label>
      </SettingsSection>

      <SettingsSection
        title="Four eyes"
        saveLabel="Save four eyes"
        read={(form) => {
          const outcomes = (["success", "rejected"] as const).filter(
            (o) => form.get(`outcome-${o}`) === "on",
          );
          return {
            review: {
              fourEyes: outcomes.length === 0 ? null : { outcomes, reasons: list(form.get("reasons")) },
            },
          };
        }}
      >
        <fieldset>
          <legend>A second person approves these decisions</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              name="outcome-success"
              defaultChecked={fourEyes?.outcomes.includes("success")}
            />{" "}
            approvals
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              name="outcome-rejected"
              defaultChecked={fourEyes?.outcomes.includes("rejected")}
            />{" "}
            rejections
          </label>
        </fieldset>
        <label className="field">
          <span>Only for sessions with these reasons</span>
          <input
            name="reasons"
            defaultValue={fourEyes?.reasons.join(", ") ?? ""}
            placeholder="empty: every session"
          />
        </label>
      </SettingsSection>

      <SettingsSection
        title="Security"
        saveLabel="Save security"
        read={(form) => {
          const level = String(form.get("requireTwoFactor"));
          return {
            security: {
              requireTwoFactor: level === "all" || level === "masters" ? level : "none",
              rulesNeedApproval: form.get("rulesNeedApproval") === "on",
            },
          };
        }}
      >
        <label className="field">
          <span>Two-factor sign-in required for</span>
          <select name="requireTwoFactor" defaultValue={settings.security.requireTwoFactor}>
            <option value="none">no one</option>
            <option value="masters">masters</option>
            <option value="all">everyone</option>
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            name="rulesNeedApproval"
            defaultChecked={settings.security.rulesNeedApproval}
          />{" "}
          A new condition set needs another master's approval
        </label>
      </SettingsSection>

      <SettingsSection
        title="Webhook"
        saveLabel="Save webhook"
        read={(form) => {
          const url = String(form.get("url") ?? "").trim();
          return { webhook: url ? { url, enabled: form.get("webhookEnabled") === "on" } : null };
        }}
        after={(saved) =>
          saved?.webhook?.secret ? (
            <div role="status" className="note">
              <p>The signing secret, shown this once:</p>
              <code className="secret">{saved.webhook.secret}</code>
            </div>
          ) : null
        }
      >
        <label className="field">
          <span>URL</span>
          <input name="url" type="url" defaultValue={settings.webhook?.url ?? ""} placeholder="https://…" />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="webhookEnabled" defaultChecked={settings.webhook?.enabled ?? true} />{" "}
          Enabled
        </label>
        {settings.webhook?.disabledReason && (
          <p className="error-text">Switched off: {settings.webhook.disabledReason}</p>
        )}
      </SettingsSection>

      <section className="card settings-grid__wide" aria-label="Webhook deliveries">
        <WebhookDeliveries />
      </section>
    </div>
  );
}
