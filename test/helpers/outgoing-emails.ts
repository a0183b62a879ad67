import type { OutgoingEmail } from "../../api/notifier/channels/email-channel.ts";

/**
 * `count` emails to distinct readers, as the notifier hands them to a channel: ids are `prefix`, an
 * underscore and the index padded to `digits`, each with its one-click unsubscribe headers.
 */
export function outgoingEmails(count: number, prefix = "dlv", digits = 3): OutgoingEmail[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}_${String(i).padStart(digits, "0")}`;
    return {
      deliveryId: id,
      to: `reader-${id}@example.com`,
      subject: "Checkout is degraded",
      html: `<p>Hello ${id}</p>`,
      text: `Hello ${id}`,
      headers: {
        "List-Unsubscribe": `<https://status.acme.test/unsubscribe/${id}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    };
  });
}
