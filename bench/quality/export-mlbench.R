# Writes mlbench tables as CSV for the detection-quality suite (and its cases outside it): id,label,<features>.
#   Rscript bench/quality/export-mlbench.R OUTDIR
# Data from Debian's r-cran-mlbench (/usr/lib/R/site-library/mlbench/data/*.rda), read with
# load() so that no package has to be attached. Rows keep the package's order; id = 1-based row.
# Missing cells are written as NA (labelsleuth and bench/quality/torch_methods.py both read NA as
# missing). Factor columns listed in `as_text` are written as text ("v0", "v1", ...) so that both
# sides one-hot encode them: their codes are nominal (Soybean's attributes, Vowel's speaker),
# and a bare integer code would be read as a number. Other factors with numeric levels (DNA's
# 180 binary indicators) are written as their 0/1 numbers.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript export-mlbench.R OUTDIR")
outdir <- args[1]
dir.create(outdir, recursive = TRUE, showWarnings = FALSE)
datadir <- "/usr/lib/R/site-library/mlbench/data"

tables <- list(
  vowel   = list(object = "Vowel",   label = "Class", as_text = "V1"),
  soybean = list(object = "Soybean", label = "Class", as_text = "ALL"),
  vehicle = list(object = "Vehicle", label = "Class", as_text = character(0)),
  dna     = list(object = "DNA",     label = "Class", as_text = character(0)),
  # Outside the suite (cases.mjs group "outside"): tables no default was chosen on.
  satellite = list(object = "Satellite", label = "classes", as_text = character(0)),
  letter5k  = list(object = "LetterRecognition", label = "lettr", as_text = character(0), rows = 5000),
  glass     = list(object = "Glass",     label = "Type",  as_text = character(0))
)

for (name in names(tables)) {
  t <- tables[[name]]
  e <- new.env()
  load(file.path(datadir, paste0(t$object, ".rda")), envir = e)
  d <- get(t$object, envir = e)
  # A large table's first rows only (its package order), to keep the suite's run short.
  if (!is.null(t$rows)) d <- d[seq_len(t$rows), , drop = FALSE]
  feats <- setdiff(names(d), t$label)
  text_cols <- if (identical(t$as_text, "ALL")) feats else t$as_text
  out <- data.frame(id = seq_len(nrow(d)), label = as.character(d[[t$label]]), stringsAsFactors = FALSE)
  for (f in feats) {
    v <- d[[f]]
    if (f %in% text_cols) {
      s <- ifelse(is.na(v), NA, paste0("v", as.character(v)))
    } else if (is.factor(v)) {
      s <- as.numeric(as.character(v))
      if (any(is.na(s) & !is.na(v))) stop(paste(name, f, "has non-numeric levels; list it in as_text"))
    } else {
      s <- v
    }
    out[[f]] <- s
  }
  path <- file.path(outdir, paste0(name, ".csv"))
  write.csv(out, path, row.names = FALSE, na = "NA")
  cat(sprintf("%s: %d rows, %d features, %d classes, %d missing cells -> %s\n",
              name, nrow(out), length(feats), length(unique(out$label)), sum(is.na(out)), path))
}
