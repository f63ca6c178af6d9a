import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { api, type Me, setCsrfToken, unwrap } from "./api/client";
import { ApiError } from "./api/errors";

export const ME_KEY = ["me"] as const;

/**
 * Who is signed in, from `GET /v1/me`: null when no one is (401). The one piece of state the
 * console holds besides the server cache, and it lives in that cache too.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await unwrap(api.GET("/v1/me"));
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** After a sign-in: its CSRF token for the writes, and who signed in (with what they must do first) read again. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  return (csrfToken: string) => {
    setCsrfToken(csrfToken);
    return queryClient.invalidateQueries({ queryKey: ME_KEY });
  };
}

const SignedInUser = createContext<Me | null>(null);
export const SignedInUserProvider = SignedInUser.Provider;

/** The signed-in user, inside the pages that need one. */
export function useSignedInUser(): Me {
  const me = useContext(SignedInUser);
  if (!me) throw new Error("useSignedInUser outside a signed-in page");
  return me;
}

export const isMaster = (me: Me) => me.role === "master";
