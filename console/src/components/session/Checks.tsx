import { dataPart, formatValue, type Session } from "../../format";

interface Check {
  name: string;
  value: string;
  passed: boolean | undefined;
}

const passedWhen = (value: unknown, good: (v: never) => boolean): boolean | undefined =>
  value === undefined || value === null ? undefined : good(value as never);

/** The checks the integrator's app ran, each with its value and whether it passed. */
function checksOf(session: Session): Check[] {
  const liveness = dataPart(session, "liveness");
  const faceMatch = dataPart(session, "faceMatch");
  const document = dataPart(session, "document");
  const expiry = typeof document.expiryDate === "string" ? document.expiryDate : undefined;
  return [
    {
      name: "Liveness",
      value: `${formatValue(liveness.passed)}${liveness.score === undefined ? "" : `, score ${formatValue(liveness.score)}`}`,
      passed: passedWhen(liveness.passed, (v: boolean) => v),
    },
    {
      name: "Face match",
      value: `level ${formatValue(faceMatch.matchLevel)}${faceMatch.confidence === undefined ? "" : `, confidence ${formatValue(faceMatch.confidence)}`}`,
      passed: passedWhen(faceMatch.matchLevel, (v: number) => v >= 4),
    },
    {
      name: "Document valid",
      value: formatValue(document.valid),
      passed: passedWhen(document.valid, (v: boolean) => v),
    },
    {
      name: "MRZ valid",
      value: formatValue(document.mrzValid),
      passed: passedWhen(document.mrzValid, (v: boolean) => v),
    },
    {
      name: "Document expiry",
      value: formatValue(expiry),
      passed: passedWhen(expiry, (v: string) => v >= session.createdAt.slice(0, 10)),
    },
  ];
}

export function Checks({ session }: { session: Session }) {
  if (!session.data) return <p className="muted">The session's data was erased (liquidated).</p>;
  return (
    <table className="compact">
      <caption className="visually-hidden">Checks</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Value</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {checksOf(session).map((check) => (
          <tr key={check.name}>
            <th scope="row">{check.name}</th>
            <td>{check.value}</td>
            <td>
              {check.passed === undefined ? (
                <span className="tag">missing</span>
              ) : check.passed ? (
                <span className="tag tag--success">pass</span>
              ) : (
                <span className="tag tag--rejected">fail</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const PERSON_FIELDS: [string, string][] = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["birthDate", "Birth date"],
  ["nationality", "Nationality"],
  ["documentNumber", "Document number"],
  ["personalNumber", "Personal number"],
];

/** A part of the data as a list of names and values (the person, the IP, the extra fields). */
export function DataList({ entries }: { entries: [string, unknown][] }) {
  if (entries.length === 0) return <p className="muted">None.</p>;
  return (
    <dl className="data-list">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{formatValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PersonData({ session }: { session: Session }) {
  const person = dataPart(session, "person");
  const ip = dataPart(session, "ip");
  return (
    <DataList
      entries={[
        ...PERSON_FIELDS.map(([key, label]): [string, unknown] => [label, person[key]]),
        ["Document type", session.data?.documentType],
        ["IP address", ip.address],
        ["IP country", ip.country],
      ]}
    />
  );
}

export function ExtraFields({ session }: { session: Session }) {
  return <DataList entries={Object.entries(dataPart(session, "extra"))} />;
}
