import type { Child } from "hono/jsx";

/**
 * The submit buttons of a form that can be previewed: Preview re-renders it with what it would send.
 * Preview comes first, so Enter in a text field previews rather than notifies everyone.
 */
export function PreviewButtons({ post }: { post: string }) {
  return (
    <div class="buttons">
      <button type="submit" name="intent" value="preview" class="secondary">
        Preview
      </button>
      <button type="submit" name="intent" value="post">
        {post}
      </button>
    </div>
  );
}

/** English and French versions of the same text, side by side on a wide screen, stacked on a phone. */
export function SideBySide({ children }: { children: Child }) {
  return <div class="grid">{children}</div>;
}
