import { SiteFolder, type SwapResult } from "./site-folder.ts";

/**
 * The site folder as the elected publisher uses it: a build finished after this process lost the
 * publisher lease is not put in place (nor then published), since the new publisher may already
 * have put a newer one there. The build is recorded as failed with the reason.
 */
export class ElectedSiteFolder extends SiteFolder {
  constructor(
    root: string,
    private readonly elected: () => boolean,
  ) {
    super(root);
  }

  override async swapTo(dir: string, keep?: number): Promise<SwapResult> {
    if (!this.elected())
      throw new Error("this process is no longer the elected publisher; the build it finished is left out");
    return super.swapTo(dir, keep);
  }
}
