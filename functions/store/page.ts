/** One page of a query's items. */
export interface Page<T> {
  items: T[];
  /** Present when there may be more; pass it back for the next page. */
  cursor?: string;
}
