import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { formatDateTime } from "../../format";
import { DataTable } from "../DataTable";
import { ErrorNote } from "../ErrorNote";
import { usePagedList } from "../PagedList";
import { ShowMore } from "../ShowMore";

/** The webhook's deliveries, newest first, each of them sent again on demand. */
export function WebhookDeliveries() {
  const queryClient = useQueryClient();
  const list = usePagedList(["webhook-deliveries"], (cursor) =>
    unwrap(api.GET("/v1/webhook-deliveries", { params: { query: { cursor } } })),
  );
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/v1/webhook-deliveries/{id}/redeliver", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["webhook-deliveries"] }),
  });
  return (
    <div className="stack">
      <div className="page-header">
        <h3>Deliveries</h3>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh deliveries
        </button>
      </div>
      <ErrorNote error={list.error ?? redeliver.error} />
      {list.items.length === 0 ? (
        <p className="muted">No delivery yet.</p>
      ) : (
        <DataTable
          label="Webhook deliveries"
          columns={["Event", "Status", "Attempts", "Last answer", "Created", { hidden: "Actions" }]}
          compact
        >
          {list.items.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.type}</code>
              </td>
              <td>
                <span className={`tag tag--delivery-${delivery.status}`}>{delivery.status}</span>
              </td>
              <td>{delivery.attempts}</td>
              <td>{delivery.lastError ?? delivery.lastStatusCode ?? "—"}</td>
              <td>{formatDateTime(delivery.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="button--quiet"
                  onClick={() => redeliver.mutate(delivery.id)}
                  disabled={redeliver.isPending}
                >
                  Redeliver
                  <span className="visually-hidden">
                    {" "}
                    {delivery.type} of {formatDateTime(delivery.createdAt)}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ShowMore list={list} />
    </div>
  );
}
