//! Items emitted one by one: a sequence of Rust items kept as one token stream per item,
//! so that a `cfg` can be put on each of them (a resource group's items inlined in one
//! self-contained file) without parsing the emitted tokens back.

use proc_macro2::TokenStream;
use quote::quote;

/// A sequence of emitted items, one token stream each.
#[derive(Debug, Default)]
pub struct Items(Vec<TokenStream>);

impl Items {
    /// Adds `item` (one whole item, its attributes included); nothing when it is empty.
    pub fn push(&mut self, item: TokenStream) {
        if !item.is_empty() {
            self.0.push(item);
        }
    }

    /// Puts `attrs` before the first item (as `quote!(#attrs #items)` would).
    pub fn prefix_first(&mut self, attrs: TokenStream) {
        if let Some(first) = self.0.first_mut() {
            let item = std::mem::take(first);
            *first = quote!(#attrs #item);
        }
    }

    /// The items in order, each under `cfg` when one is given.
    pub fn gated(self, cfg: Option<&TokenStream>) -> TokenStream {
        match cfg {
            Some(cfg) => self.0.into_iter().map(|item| quote!(#cfg #item)).collect(),
            None => self.0.into_iter().collect(),
        }
    }
}

impl From<TokenStream> for Items {
    /// One item (none when `item` is empty).
    fn from(item: TokenStream) -> Items {
        let mut items = Items::default();
        items.push(item);
        items
    }
}

impl Extend<Items> for Items {
    fn extend<I: IntoIterator<Item = Items>>(&mut self, iter: I) {
        for items in iter {
            self.0.extend(items.0);
        }
    }
}

impl FromIterator<Items> for Items {
    fn from_iter<I: IntoIterator<Item = Items>>(iter: I) -> Items {
        let mut all = Items::default();
        all.extend(iter);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cfg_goes_on_every_item_and_attributes_on_the_first() {
        let mut items = Items::from(quote!(
            struct A;
        ));
        items.push(quote!());
        items.push(quote!(impl A {}));
        items.prefix_first(quote!(#[allow(dead_code)]));
        let cfg = quote!(#[cfg(feature = "x")]);
        assert_eq!(
            items.gated(Some(&cfg)).to_string(),
            quote!(
                #[cfg(feature = "x")]
                #[allow(dead_code)]
                struct A;
                #[cfg(feature = "x")]
                impl A {}
            )
            .to_string()
        );
    }
}
