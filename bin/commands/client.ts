/** A small JSON client of a running Verdict, for the `verdict` command's subcommands. */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON (shaped as the contract documents it for the status expected), or the text. */
  body: T;
}

const REQUEST_TIMEOUT_MS = 120_000;

export class CommandError extends Error {
  override name = "CommandError";
}

export class VerdictClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  /** A call with a JSON body (when given). */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return body === undefined
      ? this.send<T>(method, path)
      : this.send<T>(method, path, { type: "application/json", bytes: JSON.stringify(body) });
  }

  /** A call whose body is a file's bytes, of `type`. */
  upload<T = unknown>(path: string, bytes: Buffer, type: string): Promise<Answer<T>> {
    return this.send<T>("PUT", path, { type, bytes });
  }

  private async send<T>(
    method: string,
    path: string,
    body?: { type: string; bytes: string | Buffer },
  ): Promise<Answer<T>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body ? { "content-type": body.type } : {}),
        },
        ...(body ? { body: body.bytes } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const { cause } = error as { cause?: { code?: string; message?: string } };
      const why = cause?.code ?? cause?.message ?? errorText(error);
      throw new CommandError(`cannot reach Verdict at ${this.url} (${why}): is it running? (--url)`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /** Like `request`, but anything other than `expected` is an error naming the call and the answer. */
  async expect<T>(expected: number, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status !== expected) {
      const message = errorText(answer.body);
      throw new CommandError(`${method} ${path} answered ${answer.status}: ${message}`);
    }
    return answer.body;
  }
}

/** The `message` of an error answer, or the answer itself. */
export function errorText(body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : JSON.stringify(body);
}
