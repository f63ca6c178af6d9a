import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { actorName, formatDateTime } from "../../format";
import { useSignedInUser } from "../../signed-in-user";
import { DataTable } from "../DataTable";
import { ErrorNote } from "../ErrorNote";
import { usePagedList } from "../PagedList";
import { ShowMore } from "../ShowMore";
import { lineDiff } from "./line-diff";

export const pretty = (rules: unknown) => JSON.stringify(rules, null, 2);

/** The condition set's versions, newest first: compare one with the live set; approve or decline a proposed one. */
export function RuleVersions({ liveRules, liveVersion }: { liveRules: unknown; liveVersion: number }) {
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [compared, setCompared] = useState<number>();
  const versions = usePagedList(["rule-versions"], (cursor) =>
    unwrap(api.GET("/v1/rules/versions", { params: { query: { cursor } } })),
  );
  const changed = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["rule-versions"] }),
      queryClient.invalidateQueries({ queryKey: ["rules"] }),
    ]);
  const decide = useMutation({
    mutationFn: ({ version, approve }: { version: number; approve: boolean }) =>
      unwrap(
        approve
          ? api.POST("/v1/rules/versions/{version}/approve", { params: { path: { version } } })
          : api.POST("/v1/rules/versions/{version}/decline", { params: { path: { version } } }),
      ),
    onSuccess: changed,
  });
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <ErrorNote error={versions.error ?? decide.error} />
      <DataTable
        label="Condition set versions"
        columns={["Version", "Status", "Rules", "By", "Created", { hidden: "Actions" }]}
        compact
      >
        {versions.items.map((v) => (
          <tr key={v.version}>
            <th scope="row">{v.version}</th>
            <td>
              <span className={`tag tag--version-${v.status}`}>{v.status}</span>
            </td>
            <td>{v.rulesCount}</td>
            <td>
              {actorName(v.createdBy)}
              {v.decidedBy
                ? ` · ${v.status === "declined" ? "declined" : "approved"} by ${actorName(v.decidedBy)}`
                : ""}
            </td>
            <td>{formatDateTime(v.createdAt)}</td>
            <td>
              <div className="button-row">
                {v.version !== liveVersion && (
                  <button type="button" className="button--quiet" onClick={() => setCompared(v.version)}>
                    Compare version {v.version} with the live set
                  </button>
                )}
                {v.status === "proposed" && v.createdBy.id !== me.id && (
                  <>
                    <button
                      type="button"
                      onClick={() => decide.mutate({ version: v.version, approve: true })}
                    >
                      Approve version {v.version}
                    </button>
                    <button
                      type="button"
                      onClick={() => decide.mutate({ version: v.version, approve: false })}
                    >
                      Decline version {v.version}
                    </button>
                  </>
                )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <ShowMore list={versions} />
      {compared !== undefined && (
        <VersionDiff version={compared} liveRules={liveRules} liveVersion={liveVersion} />
      )}
    </section>
  );
}

function VersionDiff({
  version,
  liveRules,
  liveVersion,
}: {
  version: number;
  liveRules: unknown;
  liveVersion: number;
}) {
  const other = useQuery({
    queryKey: ["rule-version", version],
    queryFn: () => unwrap(api.GET("/v1/rules/versions/{version}", { params: { path: { version } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!other.data) return <ErrorNote error={other.error} />;
  const lines = lineDiff(pretty(liveRules), pretty(other.data.rules));
  const changes = lines.filter((line) => line.kind !== "same").length;
  return (
    <figure className="diff-figure">
      <figcaption>
        Version {version} against the live version {liveVersion}:{" "}
        {changes === 0 ? "the same rules" : `${changes} lines differ`} (
        <span className="diff__removed-key">− only in the live set</span>,{" "}
        <span className="diff__added-key">+ only in version {version}</span>)
      </figcaption>
      <pre className="diff">
        {lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines are positional
          <span key={index} className={`diff__${line.kind}`}>
            {line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  "}
            {line.text}
            {"\n"}
          </span>
        ))}
      </pre>
    </figure>
  );
}
