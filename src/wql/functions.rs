//! The query language's functions: name, arguments, what it does in a line. Static, from the
//! query language reference (docs.wavefront.com `query_language_reference.html`); a function not
//! listed still charts, it is only not offered.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    pub name: &'static str,
    /// The arguments as the reference writes them, without the name.
    pub args: &'static str,
    pub about: &'static str,
}

const fn f(name: &'static str, args: &'static str, about: &'static str) -> Function {
    Function { name, args, about }
}

pub const FUNCTIONS: &[Function] = &[
    f(
        "ts",
        "(metric, filters)",
        "the series of a metric, filtered by source and point tags",
    ),
    f("hs", "(metric, filters)", "the histograms of a metric"),
    f("events", "(filters)", "events as a synthetic series"),
    f(
        "spans",
        "(operation, filters)",
        "the spans of traced operations",
    ),
    // Aggregation.
    f(
        "sum",
        "(expression[, group by])",
        "sum of the series at each time, interpolated",
    ),
    f(
        "avg",
        "(expression[, group by])",
        "average of the series at each time",
    ),
    f(
        "min",
        "(expression[, group by])",
        "smallest value at each time",
    ),
    f(
        "max",
        "(expression[, group by])",
        "largest value at each time",
    ),
    f(
        "count",
        "(expression[, group by])",
        "how many series report at each time",
    ),
    f(
        "median",
        "(expression[, group by])",
        "median of the series at each time",
    ),
    f(
        "variance",
        "(expression[, group by])",
        "variance of the series at each time",
    ),
    f(
        "percentile",
        "(percentage, expression[, group by])",
        "the given percentile of the series",
    ),
    f(
        "rawsum",
        "(expression[, group by])",
        "sum without interpolation",
    ),
    f(
        "rawavg",
        "(expression[, group by])",
        "average without interpolation",
    ),
    f(
        "rawmin",
        "(expression[, group by])",
        "minimum without interpolation",
    ),
    f(
        "rawmax",
        "(expression[, group by])",
        "maximum without interpolation",
    ),
    f(
        "rawcount",
        "(expression[, group by])",
        "count without interpolation",
    ),
    // Rates and windows.
    f(
        "rate",
        "(expression)",
        "per-second rate of change of a counter",
    ),
    f("deriv", "(expression)", "per-second rate of change"),
    f(
        "ratediff",
        "(expression)",
        "difference between consecutive points of a counter",
    ),
    f("integral", "(expression)", "running sum over time"),
    f(
        "mavg",
        "(timeWindow, expression)",
        "moving average over a window (5m, 1h)",
    ),
    f(
        "msum",
        "(timeWindow, expression)",
        "moving sum over a window",
    ),
    f(
        "mmin",
        "(timeWindow, expression)",
        "moving minimum over a window",
    ),
    f(
        "mmax",
        "(timeWindow, expression)",
        "moving maximum over a window",
    ),
    f(
        "mcount",
        "(timeWindow, expression)",
        "points in a moving window",
    ),
    f(
        "mmedian",
        "(timeWindow, expression)",
        "moving median over a window",
    ),
    f(
        "mpercentile",
        "(timeWindow, percentile, expression)",
        "moving percentile over a window",
    ),
    f(
        "mvar",
        "(timeWindow, expression)",
        "moving variance over a window",
    ),
    f("sdev", "(expression)", "standard deviation of the series"),
    f(
        "lag",
        "(timeWindow, expression)",
        "the series shifted later by a window",
    ),
    f(
        "lead",
        "(timeWindow, expression)",
        "the series shifted earlier by a window",
    ),
    f(
        "align",
        "(timeWindow, [mean|sum|min|max|first|last,] expression)",
        "buckets of a fixed size",
    ),
    f(
        "last",
        "([timeWindow,] expression)",
        "the last value, carried forward",
    ),
    f("first", "([timeWindow,] expression)", "the first value"),
    // Filtering and ranking.
    f(
        "top",
        "(numberOfSeries, expression)",
        "the series with the largest last values",
    ),
    f(
        "bottom",
        "(numberOfSeries, expression)",
        "the series with the smallest last values",
    ),
    f(
        "topk",
        "(numberOfSeries, expression)",
        "the k series highest now",
    ),
    f(
        "bottomk",
        "(numberOfSeries, expression)",
        "the k series lowest now",
    ),
    f(
        "highpass",
        "(threshold, expression)",
        "points above a threshold",
    ),
    f(
        "lowpass",
        "(threshold, expression)",
        "points below a threshold",
    ),
    f(
        "between",
        "(expression, lower, upper)",
        "1 where the value is between bounds, else 0",
    ),
    f(
        "limit",
        "(numberOfSeries[, offset], expression)",
        "at most n series",
    ),
    f(
        "retainSeries",
        "(expression, tagK=tagV)",
        "keep only the matching series",
    ),
    f(
        "removeSeries",
        "(expression, tagK=tagV)",
        "drop the matching series",
    ),
    // Missing data.
    f(
        "default",
        "([timeWindow,] [delay,] defaultValue, expression)",
        "fills gaps with a value",
    ),
    f("exists", "(expression)", "whether the expression has data"),
    f(
        "missing",
        "(timeWindow, expression)",
        "1 where no point came for a window",
    ),
    f("interpolate", "(expression)", "fills gaps by interpolation"),
    // Maths.
    f("abs", "(expression)", "absolute value"),
    f("round", "(expression)", "rounded to the nearest integer"),
    f("ceil", "(expression)", "rounded up"),
    f("floor", "(expression)", "rounded down"),
    f("sqrt", "(expression)", "square root"),
    f("pow", "(base, exponent)", "a power"),
    f("log", "(expression)", "natural logarithm"),
    f("log10", "(expression)", "base-10 logarithm"),
    f("exp", "(expression)", "e to the power"),
    f("normalize", "(expression)", "scaled to 0..1"),
    f("random", "()", "random values"),
    // Conditions, time and labels.
    f(
        "if",
        "(condition, thenExpression[, elseExpression])",
        "one expression where a condition holds",
    ),
    f("hour", "([timezone])", "the hour of the day"),
    f("time", "()", "the time in epoch seconds"),
    f("now", "()", "the current time"),
    f(
        "alias",
        "(expression, \"name\")",
        "the series named otherwise",
    ),
    f(
        "aliasMetric",
        "(expression, \"name\")",
        "the metric renamed",
    ),
    f(
        "aliasSource",
        "(expression, \"name\")",
        "the source renamed",
    ),
    f(
        "taggify",
        "(expression, tagK, replacement)",
        "a point tag made from a name",
    ),
    f(
        "collect",
        "(expression1, expression2, …)",
        "several expressions as one",
    ),
    // Histograms.
    f("merge", "(histogram expression)", "histograms merged"),
    f(
        "align",
        "(timeWindow, histogram expression)",
        "histograms bucketed",
    ),
    f("cumulativeHisto", "(expression)", "a cumulative histogram"),
];

/// The functions whose name starts with `prefix` (ignoring case), each once.
pub fn starting_with(prefix: &str) -> impl Iterator<Item = &'static Function> {
    let prefix = prefix.to_ascii_lowercase();
    FUNCTIONS.iter().enumerate().filter_map(move |(i, f)| {
        let first = FUNCTIONS.iter().position(|g| g.name == f.name) == Some(i);
        (first && f.name.to_ascii_lowercase().starts_with(&prefix)).then_some(f)
    })
}

/// The function named `name`, ignoring case.
pub fn find(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_ones_are_there() {
        for name in [
            "ts",
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "rate",
            "deriv",
            "mavg",
            "msum",
            "mmax",
            "lag",
            "align",
            "topk",
            "bottomk",
            "percentile",
            "default",
            "abs",
            "round",
            "between",
            "hs",
            "highpass",
            "lowpass",
            "if",
        ] {
            assert!(find(name).is_some(), "{name}");
        }
        assert!(FUNCTIONS.len() > 40);
    }

    #[test]
    fn prefixes_list_each_name_once() {
        let names: Vec<&str> = starting_with("al").map(|f| f.name).collect();
        assert_eq!(names, vec!["align", "alias", "aliasMetric", "aliasSource"]);
        assert_eq!(starting_with("MAV").next().map(|f| f.name), Some("mavg"));
        assert_eq!(starting_with("zz").count(), 0);
    }
}
