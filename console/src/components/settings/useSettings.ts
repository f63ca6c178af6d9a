import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type paths, unwrap } from "../../api/client";

export const SETTINGS_KEY = ["settings"] as const;
export type Settings = Awaited<ReturnType<typeof readSettings>>;
export type SettingsChange = paths["/v1/settings"]["put"]["requestBody"]["content"]["application/json"];

const readSettings = () => unwrap(api.GET("/v1/settings"));

export function useSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: readSettings });
}

/** Saves one section of the settings (`PUT` changes only the sections it is given). */
export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: SettingsChange) => unwrap(api.PUT("/v1/settings", { body: change })),
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
}
