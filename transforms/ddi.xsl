<?xml version="1.0" encoding="UTF-8"?>
<!--
  A minimal DDI Codebook 2.5 record (namespace ddi:codebook:2_5) for Dataverse, made from
  the deposit's DataCite record (transforms/datacite.xsl): the study description's
  citation (title, DOI, authors, other contributors, publisher, dates, version), its
  keywords and abstract, the rights, and the edition's parts as related material. This is
  the part of DDI that Dataverse's DDI import reads into its citation block; what
  Dataverse requires beyond it (a contact, a subject from its list) the editor gives in
  Dataverse's form.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:d="http://datacite.org/schema/kernel-4"
    xmlns="ddi:codebook:2_5"
    exclude-result-prefixes="xs d">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:function name="d:norm" as="xs:string">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="normalize-space(string($node))"/>
  </xsl:function>

  <xsl:template match="/d:resource">
    <xsl:variable name="doi" select="d:norm(d:identifier)[. ne '(:tba)']"/>
    <xsl:variable name="lang" select="(d:norm(d:language[1])[.], 'en')[1]"/>
    <codeBook version="2.5" xml:lang="{$lang}">
      <stdyDscr>
        <citation>
          <titlStmt>
            <titl><xsl:value-of select="d:norm((d:titles/d:title[not(@titleType)], d:titles/d:title)[1])"/></titl>
            <xsl:for-each select="d:titles/d:title[@titleType = 'Subtitle']">
              <subTitl><xsl:value-of select="d:norm(.)"/></subTitl>
            </xsl:for-each>
            <xsl:if test="$doi">
              <IDNo agency="DOI"><xsl:value-of select="'doi:' || $doi"/></IDNo>
            </xsl:if>
          </titlStmt>
          <rspStmt>
            <xsl:for-each select="d:creators/d:creator[d:norm(d:creatorName) ne '(:unav)']">
              <AuthEnty><xsl:value-of select="d:norm(d:creatorName)"/></AuthEnty>
            </xsl:for-each>
            <xsl:for-each select="d:contributors/d:contributor">
              <othId role="{@contributorType}"><xsl:value-of select="d:norm(d:contributorName)"/></othId>
            </xsl:for-each>
          </rspStmt>
          <xsl:variable name="publisher" select="d:norm(d:publisher)[. ne '(:unav)']"/>
          <xsl:variable name="created" select="d:dates/d:date[@dateType = 'Created'][1]"/>
          <prodStmt>
            <xsl:if test="$publisher">
              <producer><xsl:value-of select="$publisher"/></producer>
            </xsl:if>
            <xsl:if test="$created">
              <prodDate date="{d:norm($created)}"><xsl:value-of select="d:norm($created)"/></prodDate>
            </xsl:if>
            <xsl:for-each select="d:fundingReferences/d:fundingReference">
              <fundAg><xsl:value-of select="d:norm(d:funderName)"/></fundAg>
            </xsl:for-each>
          </prodStmt>
          <distStmt>
            <xsl:if test="$publisher">
              <distrbtr><xsl:value-of select="$publisher"/></distrbtr>
            </xsl:if>
            <distDate date="{d:norm(d:publicationYear)}"><xsl:value-of select="d:norm(d:publicationYear)"/></distDate>
          </distStmt>
          <xsl:if test="d:version">
            <verStmt><version><xsl:value-of select="d:norm(d:version)"/></version></verStmt>
          </xsl:if>
        </citation>
        <stdyInfo>
          <xsl:if test="d:subjects/d:subject">
            <subject>
              <xsl:for-each select="d:subjects/d:subject">
                <keyword><xsl:value-of select="d:norm(.)"/></keyword>
              </xsl:for-each>
            </subject>
          </xsl:if>
          <xsl:for-each select="d:descriptions/d:description[@descriptionType = 'Abstract']">
            <abstract><xsl:value-of select="d:norm(.)"/></abstract>
          </xsl:for-each>
          <sumDscr>
            <dataKind><xsl:value-of select="d:norm(d:resourceType)"/></dataKind>
          </sumDscr>
        </stdyInfo>
        <xsl:if test="d:rightsList/d:rights">
          <dataAccs>
            <useStmt>
              <restrctn>
                <xsl:value-of select="string-join(d:rightsList/d:rights/(d:norm(.)[.], string(@rightsURI))[1], ' ')"/>
              </restrctn>
            </useStmt>
          </dataAccs>
        </xsl:if>
        <xsl:if test="d:relatedIdentifiers/d:relatedIdentifier">
          <othrStdyMat>
            <xsl:for-each select="d:relatedIdentifiers/d:relatedIdentifier">
              <relMat><xsl:value-of select="@relationType || ': ' || d:norm(.)"/></relMat>
            </xsl:for-each>
          </othrStdyMat>
        </xsl:if>
      </stdyDscr>
    </codeBook>
  </xsl:template>

</xsl:stylesheet>
