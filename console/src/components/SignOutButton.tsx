import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, setCsrfToken, unwrap } from "../api/client";
import { ME_KEY } from "../signed-in-user";

/** `Sign out`: ends the sign-in on the server, forgets every cached answer, shows the sign-in page. */
export function SignOutButton() {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/auth/sign-out")),
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.setQueryData(ME_KEY, null);
      // what the signed-out user could read goes with them
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
    },
  });
  return (
    <button
      type="button"
      className="button--quiet"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
    >
      Sign out
    </button>
  );
}
