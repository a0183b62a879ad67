// The console pages still import the renderer from here; everything else imports api/templates.
export * from "../../templates/index.ts";
