import type { ImportReport } from "../../domain/subscribers/import-subscribers.ts";
import { CsrfField, Table, TextAreaField } from "../kit/index.ts";

export function ImportForm({
  csrfToken,
  text,
  error,
}: {
  csrfToken: string;
  text: string;
  error?: string | undefined;
}) {
  return (
    <>
      <p>
        Email subscribers from another tool, as a CSV file with a header line. The columns are those of the{" "}
        <a href="/admin/subscribers.csv">export</a>:{" "}
        <code>channel,address,locale,state,components,confirmed_at</code>; only <code>address</code> is
        required.
      </p>
      <ul>
        <li>
          A line with <code>confirmed_at</code> (when the person consented, e.g. 2026-01-31T09:00:00Z) is
          imported as confirmed.
        </li>
        <li>Any other line gets the usual confirmation email and stays pending until the person confirms.</li>
        <li>
          Addresses already known are left as they are; unsubscribed and suppressed lines are skipped.{" "}
          <code>components</code> lists component ids separated by spaces (empty: every component).
        </li>
      </ul>
      <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data" class="card">
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
        <CsrfField token={csrfToken} />
        <label for="f-csv_file">CSV file</label>
        <p class="hint" id="f-csv_file-hint">
          At most 64 KiB (about a thousand lines); split larger files.
        </p>
        <input
          id="f-csv_file"
          name="csv_file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="f-csv_file-hint"
        />
        <TextAreaField label="Or paste the CSV here" name="csv_text" value={text} rows={6} code />
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </>
  );
}

export function ImportResult({ report }: { report: ImportReport }) {
  const { counts } = report;
  const problems = report.results.filter((r) => r.outcome === "error" || r.outcome === "skipped");
  return (
    <>
      <p class={`notice ${counts.error ? "error" : "ok"}`} role="status">
        {`${counts.active} imported as confirmed, ${counts.pending} asked to confirm by email, ${counts.skipped} skipped, ${counts.error} with errors.`}
      </p>
      {problems.length > 0 && (
        <Table
          card
          label="Lines not imported"
          caption="Lines not imported"
          columns={["Line", "Address", "Why"]}
        >
          {problems.map((r) => (
            <tr>
              <td>{String(r.line)}</td>
              <td>{r.address}</td>
              <td>{`${r.outcome}: ${r.message}`}</td>
            </tr>
          ))}
        </Table>
      )}
      <p>
        <a href="/admin/subscribers/import">Import another file</a> ·{" "}
        <a href="/admin/subscribers">Subscribers</a>
      </p>
    </>
  );
}
