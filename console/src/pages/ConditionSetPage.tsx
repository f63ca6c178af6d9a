import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { api, unwrap, unwrapWithStatus } from "../api/client";
import { ApiError } from "../api/errors";
import { ErrorNote } from "../components/ErrorNote";
import { PageHeader } from "../components/PageHeader";
import { pretty, RuleVersions } from "../components/rules/RuleVersions";
import { SimulationResult } from "../components/rules/SimulationResult";

/** The text area's rules: a JSON array of rules (or `{ "rules": [...] }`), else an error naming why. */
function parseRules(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(0, "INVALID_JSON", `The condition set is not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { rules?: unknown }).rules))
    return (parsed as { rules: unknown[] }).rules;
  throw new ApiError(0, "INVALID_JSON", "The condition set must be a JSON array of rules.");
}

/** The condition-set editor: the live rules as JSON, saved as a new version, or simulated first. */
export function ConditionSetPage() {
  const live = useQuery({ queryKey: ["rules"], queryFn: () => unwrap(api.GET("/v1/rules")) });
  return (
    <>
      <PageHeader title="Condition set">
        <Link href="/settings" className="button-link">
          Back to settings
        </Link>
      </PageHeader>
      <ErrorNote error={live.error} />
      {live.data && (
        <>
          <Editor version={live.data.version} rules={live.data.rules} />
          <RuleVersions liveRules={live.data.rules} liveVersion={live.data.version} />
        </>
      )}
    </>
  );
}

function Editor({ version, rules }: { version: number; rules: unknown[] }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => pretty(rules));
  const [simulationId, setSimulationId] = useState<string>();
  const save = useMutation({
    mutationFn: async () => unwrapWithStatus(api.PUT("/v1/rules", { body: { rules: parseRules(text) } })),
    // the text stays as saved; the live version (a proposal leaves it as it was) and the versions are read again
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["rules"] }),
        queryClient.invalidateQueries({ queryKey: ["rule-versions"] }),
      ]),
  });
  const simulate = useMutation({
    mutationFn: async () => unwrap(api.POST("/v1/rules/simulations", { body: { rules: parseRules(text) } })),
    onSuccess: ({ id }) => setSimulationId(id),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate();
  };
  const saved = save.data;
  const warnings = saved && "warnings" in saved.data ? saved.data.warnings : [];

  return (
    <section className="card" aria-labelledby="editor-title">
      <h2 id="editor-title">Live version {version}</h2>
      <form className="stack" onSubmit={submit}>
        <label className="field">
          <span>Condition set</span>
          <textarea
            className="mono rules-editor"
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={24}
            spellCheck={false}
            aria-describedby="rules-help"
          />
          <small id="rules-help" className="muted">
            A JSON array of json-rules-engine rules; each rule's event is <code>reject</code> or{" "}
            <code>review</code> with <code>params.reason</code>. Saving makes a new version; simulating
            changes nothing.
          </small>
        </label>
        <ErrorNote error={save.error} />
        {saved && (
          <div role="status" className="note">
            {saved.status === 202
              ? `Proposed as version ${saved.data.version}: another master must approve it before it decides.`
              : `Saved: version ${saved.data.version} decides from now on.`}
          </div>
        )}
        {warnings.length > 0 && (
          <section className="warnings" aria-label="Warnings">
            <h3>Warnings</h3>
            <ul>
              {warnings.map((w) => (
                <li key={`${w.path}:${w.code}`}>
                  <code>{w.path}</code> {w.message}
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="button-row">
          <button type="submit" className="button--primary" disabled={save.isPending}>
            Save
          </button>
          <button type="button" onClick={() => simulate.mutate()} disabled={simulate.isPending}>
            Simulate
          </button>
        </div>
      </form>
      <ErrorNote error={simulate.error} />
      {simulationId && <SimulationResult key={simulationId} id={simulationId} />}
    </section>
  );
}
