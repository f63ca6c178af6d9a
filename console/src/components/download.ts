/** Starts the browser's download of a URL of Verdict's (the session cookie goes with it: same origin). */
export function download(href: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}
