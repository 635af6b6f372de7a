/** Small valid inputs the fuzz tests mutate. */

/** A small valid table: numeric, categorical, quoted and missing cells, an id column. */
export const VALID_CSV = [
  'id,label,x,y,colour',
  'a1,cat,1.5,2,red',
  'a2,dog,0.25,-1,blue',
  'a3,cat,2.5e1,0,"gr,een"',
  'a4,dog,-3,3.5,red',
  'a5,cat,,4,NA',
  'a6,dog,7,"5",blue',
  '',
].join('\n');
