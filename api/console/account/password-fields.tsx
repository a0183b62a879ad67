import { Field } from "../kit/index.ts";

export interface NewPasswordFieldsProps {
  label: string;
  name: string;
  hint: string;
  errors: Record<string, string>;
  /** Asks for it twice (`<name>_confirm`): for one's own password, not one given to someone else. */
  again?: boolean;
}

/** A password being chosen, marked so that password managers offer to generate and save it. */
export function NewPasswordFields({ label, name, hint, errors, again = false }: NewPasswordFieldsProps) {
  return (
    <>
      <Field
        label={label}
        name={name}
        type="password"
        autocomplete="new-password"
        hint={hint}
        error={errors[name]}
      />
      {again && (
        <Field
          label={`${label} again`}
          name={`${name}_confirm`}
          type="password"
          autocomplete="new-password"
          error={errors[`${name}_confirm`]}
        />
      )}
    </>
  );
}
