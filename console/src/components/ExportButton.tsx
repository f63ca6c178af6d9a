import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, type paths, unwrap } from "../api/client";
import { download } from "./download";
import { ErrorNote } from "./ErrorNote";

type ExportRequest = paths["/v1/exports"]["post"]["requestBody"]["content"]["application/json"];

/** `Export CSV`: queues the export, shows its progress while it runs, then downloads the file. */
export function ExportButton({ request }: { request: ExportRequest }) {
  const [exportId, setExportId] = useState<string>();
  const downloaded = useRef<string>(undefined);
  const start = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/exports", { body: request })),
    onSuccess: ({ id }) => setExportId(id),
  });
  const job = useQuery({
    queryKey: ["export", exportId],
    enabled: exportId !== undefined,
    queryFn: () => unwrap(api.GET("/v1/exports/{id}", { params: { path: { id: exportId ?? "" } } })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "completed" || status === "failed" ? false : 500;
    },
  });
  const status = job.data?.status;
  const file = exportId ? `/v1/exports/${exportId}/file` : undefined;
  useEffect(() => {
    if (status === "completed" && file && downloaded.current !== file) {
      downloaded.current = file;
      download(file);
    }
  }, [status, file]);
  const running =
    start.isPending || (exportId !== undefined && status !== "completed" && status !== "failed");

  return (
    <div className="export">
      <button type="button" onClick={() => start.mutate()} disabled={running}>
        Export CSV
      </button>
      <span role="status" className="export__status">
        {running && (
          <>
            <progress aria-label="Export progress" /> Exporting
            {job.data?.rows ? `: ${job.data.rows.toLocaleString("en-GB")} rows` : "…"}
          </>
        )}
        {status === "completed" && file && (
          <>
            Exported {job.data?.rows?.toLocaleString("en-GB")} rows.{" "}
            <a href={file} download>
              Download again
            </a>
          </>
        )}
        {status === "failed" && <span className="error-text">The export failed: {job.data?.error}</span>}
      </span>
      <ErrorNote error={start.error ?? job.error} />
    </div>
  );
}
