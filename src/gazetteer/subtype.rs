//! What the code makes of an entity's subtype. The gazetteers' subtypes are an open vocabulary
//! (users add their own, and most are data only: `river`, `airport`, `bank`); the few that
//! change what regionkg does are read here, once, into [`Subtype`], and code branches on that
//! enum, never on the text.

/// The subtypes that decide something: the administrative levels (for roll-up), foreign places
/// (which anchor no Chinese names), composites and government bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subtype {
    /// A sovereign country (`country`).
    Country,
    /// A country that no longer exists (`former-country`: 苏联).
    FormerCountry,
    /// A continent or world region (`world-region`: 东南亚).
    WorldRegion,
    /// A foreign city (`world-city`).
    WorldCity,
    /// A province or autonomous region (`province`, `autonomous-region`).
    Province,
    /// One of the four municipalities (`municipality`): a province that counts as a city.
    Municipality,
    /// Hong Kong or Macao (`special-administrative-region`): a province that counts as a city.
    SpecialAdministrativeRegion,
    /// A prefecture-level unit (`prefecture-city`, `autonomous-prefecture`, `prefecture`,
    /// `league`).
    Prefecture,
    /// A county-level unit (`district`, `county`, `county-city`, `autonomous-county`,
    /// `banner`, `autonomous-banner`, `special-district`, `forestry-district`).
    County,
    /// A group of places standing for its members (`composite`: 京津冀).
    Composite,
    /// A government or a ministry (`government`, `ministry`, and any subtype naming a
    /// government).
    Government,
    /// Any other subtype: data only.
    Other,
}

impl Subtype {
    /// The class of a subtype as the gazetteers write it.
    pub fn of(subtype: &str) -> Subtype {
        match subtype {
            "country" => Subtype::Country,
            "former-country" => Subtype::FormerCountry,
            "world-region" => Subtype::WorldRegion,
            "world-city" => Subtype::WorldCity,
            "province" | "autonomous-region" => Subtype::Province,
            "municipality" => Subtype::Municipality,
            "special-administrative-region" => Subtype::SpecialAdministrativeRegion,
            "prefecture-city" | "autonomous-prefecture" | "prefecture" | "league" => {
                Subtype::Prefecture
            }
            "district" | "county" | "county-city" | "autonomous-county" | "banner"
            | "autonomous-banner" | "special-district" | "forestry-district" => Subtype::County,
            "composite" => Subtype::Composite,
            "ministry" => Subtype::Government,
            s if s.contains("government") => Subtype::Government,
            _ => Subtype::Other,
        }
    }

    /// A place outside China's divisions: a country, a world region or a foreign city.
    pub fn is_foreign(self) -> bool {
        matches!(
            self,
            Subtype::Country | Subtype::WorldRegion | Subtype::WorldCity
        )
    }

    /// A province-level unit: provinces, autonomous regions, municipalities, Hong Kong, Macao.
    pub fn is_province_level(self) -> bool {
        matches!(
            self,
            Subtype::Province | Subtype::Municipality | Subtype::SpecialAdministrativeRegion
        )
    }

    /// A province-level unit that counts as a city at prefecture level (北京, 香港).
    pub fn is_provincial_city(self) -> bool {
        matches!(
            self,
            Subtype::Municipality | Subtype::SpecialAdministrativeRegion
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(Subtype::of("prefecture-city"), Subtype::Prefecture);
        assert_eq!(Subtype::of("autonomous-banner"), Subtype::County);
        assert_eq!(Subtype::of("local-government"), Subtype::Government);
        assert_eq!(Subtype::of("river"), Subtype::Other);
        assert!(Subtype::of("world-city").is_foreign());
        assert!(!Subtype::of("former-country").is_foreign());
        assert!(Subtype::of("special-administrative-region").is_provincial_city());
        assert!(Subtype::of("autonomous-region").is_province_level());
        assert!(!Subtype::of("autonomous-region").is_provincial_city());
    }
}
