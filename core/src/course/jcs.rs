//! The JSON Canonicalization Scheme (RFC 8785) that `eddsa-jcs-2022` credentials are signed over:
//! object members sorted by their UTF-16 code units, no insignificant white space, numbers in
//! ECMAScript's shortest form, strings with the minimal escapes. Done by `serde_jcs`; this module
//! pins it with the RFC's own examples.

/// The canonical JSON text of `value`, or why it cannot be written (it always can for a
/// `serde_json::Value` of finite numbers).
pub fn canonical(value: &serde_json::Value) -> Result<String, String> {
    serde_jcs::to_string(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> String {
        canonical(&serde_json::from_str(text).unwrap()).unwrap()
    }

    /// RFC 8785 §3.2.2 (the input) and §3.2.3 (its canonical form).
    #[test]
    fn rfc_8785_sample_object() {
        let input = r#"{
            "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
            "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
            "literals": [null, true, false]
        }"#;
        assert_eq!(
            canon(input),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    /// RFC 8785 §3.2.3, sorting: members ordered by UTF-16 code units (so the emoji, a surrogate
    /// pair starting 0xD83D, comes before U+FB33 although its code point is larger).
    #[test]
    fn rfc_8785_property_sorting() {
        let input = r#"{
            "\u20ac": "Euro Sign",
            "\r": "Carriage Return",
            "\ufb33": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\ud83d\ude00": "Emoji: Grinning Face",
            "\u0080": "Control",
            "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let out: serde_json::Value = serde_json::from_str(&canon(input)).unwrap();
        let text = canon(input);
        let order: Vec<&str> = text
            .split("\":\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(
            order,
            [
                "Carriage Return",
                "One",
                "Control",
                "Latin Small Letter O With Diaeresis",
                "Euro Sign",
                "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh"
            ]
        );
        assert_eq!(out.as_object().unwrap().len(), 7);
    }

    /// RFC 8785 Appendix B: numbers as ECMAScript writes them.
    #[test]
    fn rfc_8785_numbers() {
        for (bits, text) in [
            (0x0000_0000_0000_0000_u64, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0xc340_0000_0000_0000, "-9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
            (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
            (0x444b_1ae4_d6e2_ef50, "1e+21"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x41b3_de43_5555_5553, "333333333.3333332"),
            (0x41b3_de43_5555_5554, "333333333.33333325"),
            (0x41b3_de43_5555_5557, "333333333.33333343"),
            (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
            (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
        ] {
            let got = canonical(&serde_json::json!(f64::from_bits(bits))).unwrap();
            assert_eq!(got, text, "{bits:#018x}");
        }
    }
}
