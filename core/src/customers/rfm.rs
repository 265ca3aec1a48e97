//! RFM analysis: recency, frequency and monetary value per customer, quintile scores 1–5 and the
//! named segments of the common R × FM map (Champions, Loyal customers, Potential loyalists …).

use super::data::Totals;

/// Quintile scores 1–5 of `values`: a value's score is 1 + ⌊5 · (share of values ranked below
/// it)⌋, so equal values share a score and the best fifth scores 5. With `higher_is_better`
/// false (recency in days) the smallest values score 5.
pub fn quintiles(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = values.len().max(1) as f64;
    values
        .iter()
        .map(|v| {
            let below = if higher_is_better {
                sorted.partition_point(|x| x < v)
            } else {
                sorted.len() - sorted.partition_point(|x| x <= v)
            };
            (1 + (5.0 * below as f64 / n).floor() as u8).min(5)
        })
        .collect()
}

/// A named RFM segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// Bought recently, often, and spend the most.
    Champions,
    /// Buy often and recently enough.
    Loyal,
    /// Recent customers with average frequency.
    PotentialLoyalist,
    /// Bought very recently, once.
    NewCustomers,
    /// Recent, but few purchases.
    Promising,
    /// Average recency and frequency.
    NeedAttention,
    /// Below-average recency and frequency.
    AboutToSleep,
    /// Used to buy often, not for a while.
    AtRisk,
    /// Were among the best, not seen for a long time.
    CantLoseThem,
    /// Long gone, few purchases.
    Hibernating,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of R and FM scores (1–5), by the common R × FM grid: R 1–2 with FM 1–2
    /// Hibernating, FM 3–4 At risk, FM 5 Can't lose them; R 3 with FM 1–2 About to sleep, FM 3
    /// Need attention, FM 4–5 Loyal; R 4 with FM 1 Promising, FM 2–3 Potential loyalist, FM 4–5
    /// Loyal; R 5 with FM 1 New customers, FM 2–3 Potential loyalist, FM 4–5 Champions.
    pub fn of(r: u8, fm: u8) -> Segment {
        match (r.clamp(1, 5), fm.clamp(1, 5)) {
            (1 | 2, 1 | 2) => Segment::Hibernating,
            (1 | 2, 3 | 4) => Segment::AtRisk,
            (1 | 2, _) => Segment::CantLoseThem,
            (3, 1 | 2) => Segment::AboutToSleep,
            (3, 3) => Segment::NeedAttention,
            (3, _) => Segment::Loyal,
            (4, 1) => Segment::Promising,
            (4, 2 | 3) => Segment::PotentialLoyalist,
            (4, _) => Segment::Loyal,
            (_, 1) => Segment::NewCustomers,
            (_, 2 | 3) => Segment::PotentialLoyalist,
            _ => Segment::Champions,
        }
    }

    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal customers",
            Segment::PotentialLoyalist => "Potential loyalists",
            Segment::NewCustomers => "New customers",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::AtRisk => "At risk",
            Segment::CantLoseThem => "Can't lose them",
            Segment::Hibernating => "Hibernating",
        }
    }

    /// Spanish name.
    pub fn es(self) -> &'static str {
        match self {
            Segment::Champions => "Campeones",
            Segment::Loyal => "Clientes leales",
            Segment::PotentialLoyalist => "Leales potenciales",
            Segment::NewCustomers => "Clientes nuevos",
            Segment::Promising => "Prometedores",
            Segment::NeedAttention => "Necesitan atención",
            Segment::AboutToSleep => "A punto de dormirse",
            Segment::AtRisk => "En riesgo",
            Segment::CantLoseThem => "No podemos perderlos",
            Segment::Hibernating => "Hibernando",
        }
    }

    /// What to do about the segment, in English and Spanish.
    pub fn action(self) -> (&'static str, &'static str) {
        match self {
            Segment::Champions => (
                "reward them and ask for reviews and referrals",
                "recompénselos y pídales reseñas y referidos",
            ),
            Segment::Loyal => (
                "offer loyalty programmes and upsell higher-value products",
                "ofrezca programas de fidelidad y productos de mayor valor",
            ),
            Segment::PotentialLoyalist => (
                "offer membership or recommendations to make them regulars",
                "ofrezca membresía o recomendaciones para volverlos habituales",
            ),
            Segment::NewCustomers => (
                "onboard them well so a second purchase follows",
                "acompañe su primera experiencia para lograr una segunda compra",
            ),
            Segment::Promising => (
                "build awareness with free trials or samples",
                "genere confianza con pruebas o muestras gratuitas",
            ),
            Segment::NeedAttention => (
                "send limited-time offers based on their past purchases",
                "envíe ofertas por tiempo limitado según sus compras anteriores",
            ),
            Segment::AboutToSleep => (
                "reactivate them with popular products and discounts",
                "reactívelos con productos populares y descuentos",
            ),
            Segment::AtRisk => (
                "win them back with personal messages and renewals",
                "recupérelos con mensajes personales y renovaciones",
            ),
            Segment::CantLoseThem => (
                "win them back with your best offers; talk to them",
                "recupérelos con sus mejores ofertas; hable con ellos",
            ),
            Segment::Hibernating => (
                "try relevant offers, or spend less on them",
                "pruebe ofertas relevantes o invierta menos en ellos",
            ),
        }
    }
}

/// One customer's RFM row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rfm {
    /// Customer number (index into the transactions' names).
    pub customer: usize,
    /// Days since the last purchase at the as-of day.
    pub recency_days: f64,
    /// Number of transactions.
    pub frequency: f64,
    /// Total amount.
    pub monetary: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// The named segment of R and FM = round((F + M) / 2).
    pub segment: Segment,
}

/// RFM rows of the customers that have totals, in customer order.
pub fn rfm(totals: &[Option<Totals>], as_of: i64) -> Vec<Rfm> {
    let rows: Vec<(usize, Totals)> = totals
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    let recency: Vec<f64> = rows.iter().map(|(_, s)| (as_of - s.last) as f64).collect();
    let frequency: Vec<f64> = rows.iter().map(|(_, s)| f64::from(s.orders)).collect();
    let monetary: Vec<f64> = rows.iter().map(|(_, s)| s.total).collect();
    let r = quintiles(&recency, false);
    let f = quintiles(&frequency, true);
    let m = quintiles(&monetary, true);
    rows.iter()
        .enumerate()
        .map(|(k, (c, _))| {
            let fm = (f[k] + m[k]).div_ceil(2);
            Rfm {
                customer: *c,
                recency_days: recency[k],
                frequency: frequency[k],
                monetary: monetary[k],
                r: r[k],
                f: f[k],
                m: m[k],
                segment: Segment::of(r[k], fm),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_split_distinct_values_into_fifths_and_keep_ties_together() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quintiles(&v, true), vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(quintiles(&v, false), vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // Six customers with one order, four with more: the ties all score 1.
        let f = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 9.0];
        assert_eq!(quintiles(&f, true), vec![1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        assert_eq!(quintiles(&[], true), Vec::<u8>::new());
        assert_eq!(quintiles(&[3.0], true), vec![1]);
    }

    #[test]
    fn segment_grid() {
        assert_eq!(Segment::of(5, 5), Segment::Champions);
        assert_eq!(Segment::of(5, 1), Segment::NewCustomers);
        assert_eq!(Segment::of(4, 1), Segment::Promising);
        assert_eq!(Segment::of(4, 4), Segment::Loyal);
        assert_eq!(Segment::of(3, 3), Segment::NeedAttention);
        assert_eq!(Segment::of(3, 1), Segment::AboutToSleep);
        assert_eq!(Segment::of(1, 5), Segment::CantLoseThem);
        assert_eq!(Segment::of(2, 3), Segment::AtRisk);
        assert_eq!(Segment::of(1, 1), Segment::Hibernating);
        // Every cell of the grid has a segment, and every segment is used.
        let mut used = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for fm in 1..=5 {
                used.insert(Segment::of(r, fm));
            }
        }
        assert_eq!(used.len(), Segment::ALL.len());
    }
}
