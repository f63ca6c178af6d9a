import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { App } from "./App";
import { ApiError } from "./api/errors";
import { prefetchAwaitingList } from "./pages/awaiting-list";
import { ME_KEY } from "./signed-in-user";
import "./styles.css";

/** A 4xx will not change by asking again; a 503 or a dropped connection may. */
const retry = (failures: number, error: unknown) =>
  failures < 2 && !(error instanceof ApiError && error.status < 500);

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // a sign-in that ended (expired, signed out elsewhere, deactivated) brings back the sign-in page
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(ME_KEY, null);
    },
  }),
  defaultOptions: {
    queries: { retry, staleTime: 5_000, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

if (window.location.pathname === "/console/awaiting-action")
  void prefetchAwaitingList(queryClient, new URLSearchParams(window.location.search));

const root = document.getElementById("root");
if (!root) throw new Error("the page has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Router base="/console">
        <App />
      </Router>
    </QueryClientProvider>
  </StrictMode>,
);
