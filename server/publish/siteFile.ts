/** One file of a published site: its path inside the site (`/`-separated, relative) and its content. */
export interface SiteFile {
  path: string;
  content: string | Buffer;
}
