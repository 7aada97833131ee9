/** Messages the user must see (bad URL fields, failed commands); each can be dismissed. */
export function Notices({
  notices,
  onDismiss,
}: {
  notices: readonly string[];
  onDismiss: (index: number) => void;
}) {
  if (notices.length === 0) return null;
  return (
    <ul className="notices" role="alert">
      {notices.map((notice, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notices are append-only text without ids
        <li key={index} data-testid="notice">
          <span>{notice}</span>
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(index)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
