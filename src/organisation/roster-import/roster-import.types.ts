/** The three participant posts of the training run (DOMAIN.md, "Who and what"). */
export type PostKind = 'office_director' | 'promotion_section_head' | 'secretariat_section_head';

/** One valid, normalised roster row. `line` is the spreadsheet row number (header = 1). */
export interface RosterImportRow {
  line: number;
  /** 9-digit office code for directors, 6-digit district code for section heads. */
  unitCode: string;
  postKind: PostKind;
  /** Trimmed, inner whitespace collapsed to one space. */
  name: string;
  /** 11 digits, no prefix or separators. */
  mobile: string;
  /** Trimmed, domain in lower case. */
  email: string;
}

/**
 * A problem for the organiser to fix. `field` is a RosterImportRow key, or 'header' (line 1) or
 * 'file' (line 0: the file as a whole). Row messages start with "第 N 行：".
 */
export interface RosterRowError {
  line: number;
  field: string;
  message: string;
}

/** The codes known to the organisation: 9-digit office codes and 6-digit district codes. */
export interface RosterCodes {
  officeCodes: Set<string>;
  districtCodes: Set<string>;
}

/** Columns of the import file, in template order. */
export type RosterColumn = 'unitCode' | 'postKind' | 'name' | 'mobile' | 'email';

/** A non-empty data row of the file as text cells keyed by column. */
export interface RawRosterRow {
  line: number;
  cells: Record<RosterColumn, string>;
}
